package io.tandem.attributes.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The cluster-wide table of transient attributes as one node holds it: per node an epoch (the incarnation of
 * that node the values belong to) and per attribute the last write with its {@link Version}, deletions kept as
 * tombstones so that a delete and a concurrent or older set converge. Pure data, not thread-safe: the
 * {@link AttributeStore} guards it with its lock.
 *
 * <p>Rules, applied the same way by every node so that all converge on the same table:
 * <ul>
 * <li>per (node, name) the write with the greater version wins (last writer wins);</li>
 * <li>values for a node come with the epoch their sender holds for it: an older epoch is stale and ignored
 * (values from before that node restarted); a newer one first erases what is held for the node (it restarted:
 * its transient attributes are gone, as at reboot). Epoch 0 means "incarnation unknown" and is never stale.</li>
 * </ul>
 */
final class TransientState {
    /** Orders writes: the hybrid-clock stamp first, the writer's name breaks ties, so no two writes compare equal. */
    record Version(long stamp, String writer) implements Comparable<Version> {
        Version {
            Objects.requireNonNull(writer, "writer");
        }

        @Override
        public int compareTo(Version o) {
            int c = Long.compare(stamp, o.stamp);
            return c != 0 ? c : writer.compareTo(o.writer);
        }
    }

    /** One attribute's last write; {@code value == null} is a deletion (tombstone). */
    record Entry(String name, String value, Version version) {
        Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(version, "version");
        }
    }

    /** What a sender holds for one node: the epoch and some (or all) of its entries. */
    record NodeBatch(String node, long epoch, List<Entry> entries) {
        NodeBatch {
            Objects.requireNonNull(node, "node");
            if (epoch < 0) {
                throw new IllegalArgumentException("negative epoch " + epoch + " for " + node);
            }
            entries = List.copyOf(entries);
        }
    }

    /** A change of a visible value; {@code value == null} when the attribute disappeared. */
    record Change(String node, String name, String value) {
    }

    private static final class NodeTable {
        long epoch;
        final Map<String, Entry> entries = new TreeMap<>();
    }

    private final String localNode;
    private final Map<String, NodeTable> nodes = new TreeMap<>();

    TransientState(String localNode) {
        this.localNode = Objects.requireNonNull(localNode);
    }

    String value(String node, String name) {
        NodeTable table = nodes.get(node);
        Entry e = table == null ? null : table.entries.get(name);
        return e == null ? null : e.value;
    }

    Entry entry(String node, String name) {
        NodeTable table = nodes.get(node);
        return table == null ? null : table.entries.get(name);
    }

    /** The visible (non-deleted) values of one node, by name. */
    Map<String, String> values(String node) {
        NodeTable table = nodes.get(node);
        if (table == null) {
            return Map.of();
        }
        Map<String, String> values = new TreeMap<>();
        table.entries.values().forEach(e -> {
            if (e.value != null) {
                values.put(e.name, e.value);
            }
        });
        return values;
    }

    /** Every node's visible values, by node and name: what must be equal on all nodes after convergence. */
    Map<String, Map<String, String>> allValues() {
        Map<String, Map<String, String>> all = new TreeMap<>();
        for (String node : nodes.keySet()) {
            Map<String, String> values = values(node);
            if (!values.isEmpty()) {
                all.put(node, values);
            }
        }
        return all;
    }

    long epoch(String node) {
        NodeTable table = nodes.get(node);
        return table == null ? 0 : table.epoch;
    }

    /** This node's own write: always wins locally (the caller hands out a version above every one it has seen). */
    Change write(String node, Entry entry) {
        NodeTable table = nodes.computeIfAbsent(node, n -> new NodeTable());
        Entry old = table.entries.put(entry.name, entry);
        String oldValue = old == null ? null : old.value;
        return Objects.equals(oldValue, entry.value) ? null : new Change(node, entry.name, entry.value);
    }

    /**
     * Learns that {@code node} runs {@code incarnation} (heard directly, or as this node's own incarnation).
     * A newer incarnation than the one the held values belong to means the node restarted: they are erased.
     */
    List<Change> observe(String node, long incarnation) {
        NodeTable table = nodes.computeIfAbsent(node, n -> new NodeTable());
        if (incarnation <= table.epoch) {
            return List.of();
        }
        List<Change> erased = table.epoch == 0 ? List.of() : erase(node, table);
        table.epoch = incarnation;
        return erased;
    }

    /** This node's own incarnation: its values stay (the store did not restart, only its messenger did). */
    void adoptEpoch(String node, long incarnation) {
        nodes.computeIfAbsent(node, n -> new NodeTable()).epoch = incarnation;
    }

    /** The node left the cluster: its transient attributes are gone everywhere (its epoch is kept). */
    List<Change> drop(String node) {
        NodeTable table = nodes.get(node);
        return table == null ? List.of() : erase(node, table);
    }

    private static List<Change> erase(String node, NodeTable table) {
        List<Change> changes = new ArrayList<>();
        table.entries.values().forEach(e -> {
            if (e.value != null) {
                changes.add(new Change(node, e.name, null));
            }
        });
        table.entries.clear();
        return changes;
    }

    /** Merges what a peer sent, by the rules above. @return the visible changes, in order */
    List<Change> merge(List<NodeBatch> batches) {
        List<Change> changes = new ArrayList<>();
        for (NodeBatch batch : batches) {
            NodeTable table = nodes.get(batch.node);
            long mine = table == null ? 0 : table.epoch;
            if (isStale(batch.node, batch.epoch, mine)) {
                continue;
            }
            if (table == null) {
                table = new NodeTable();
                nodes.put(batch.node, table);
            }
            if (batch.epoch > mine) {
                if (mine != 0) {
                    changes.addAll(erase(batch.node, table));
                }
                table.epoch = batch.epoch;
            }
            for (Entry e : batch.entries) {
                Entry old = table.entries.get(e.name);
                if (old == null || e.version.compareTo(old.version) > 0) {
                    table.entries.put(e.name, e);
                    String oldValue = old == null ? null : old.value;
                    if (!Objects.equals(oldValue, e.value)) {
                        changes.add(new Change(batch.node, e.name, e.value));
                    }
                }
            }
        }
        return changes;
    }

    /**
     * Values for an older incarnation than the one held are stale; for this node itself anything but its own
     * incarnation is (a peer cannot know a newer one, and an older one is from before our restart).
     */
    private boolean isStale(String node, long theirs, long mine) {
        if (theirs == 0 || mine == 0) {
            return false;
        }
        return node.equals(localNode) ? theirs != mine : theirs < mine;
    }

    /** Everything, tombstones included: what a node sends a peer that (re)joins. */
    List<NodeBatch> snapshot() {
        List<NodeBatch> batches = new ArrayList<>();
        nodes.forEach((node, table) -> {
            if (table.epoch != 0 || !table.entries.isEmpty()) {
                batches.add(new NodeBatch(node, table.epoch, new ArrayList<>(table.entries.values())));
            }
        });
        return batches;
    }

    /** One node's epoch and the given entries, for an update message. */
    NodeBatch batch(String node, List<Entry> entries) {
        return new NodeBatch(node, epoch(node), entries);
    }

    /**
     * What a peer that sent {@code theirs} (its full table) lacks from ours: entries it does not have or has
     * older, and epochs newer than its own (so that it erases stale values). Empty if it is up to date.
     */
    List<NodeBatch> missingFrom(List<NodeBatch> theirs) {
        Map<String, NodeBatch> byNode = new TreeMap<>();
        theirs.forEach(b -> byNode.put(b.node, b));
        List<NodeBatch> missing = new ArrayList<>();
        nodes.forEach((node, table) -> {
            NodeBatch their = byNode.get(node);
            boolean theirStale = their != null && their.epoch != 0 && table.epoch != 0 && their.epoch < table.epoch;
            Map<String, Version> theirVersions = new TreeMap<>();
            if (their != null && !theirStale) {
                their.entries.forEach(e -> theirVersions.put(e.name, e.version));
            }
            List<Entry> newer = new ArrayList<>();
            for (Entry e : table.entries.values()) {
                Version v = theirVersions.get(e.name);
                if (v == null || e.version.compareTo(v) > 0) {
                    newer.add(e);
                }
            }
            boolean newerEpoch = table.epoch != 0 && (their == null || their.epoch < table.epoch);
            if (!newer.isEmpty() || (newerEpoch && their != null)) {
                missing.add(new NodeBatch(node, table.epoch, newer));
            }
        });
        return missing;
    }

    /** Nodes holding entries or an epoch. */
    List<String> nodes() {
        return Collections.unmodifiableList(new ArrayList<>(nodes.keySet()));
    }
}
