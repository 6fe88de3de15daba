package io.tandem.cib;

import io.tandem.cib.CibPatchException.Reason;
import io.tandem.common.CibVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The difference between two versions of a CIB, modelled on Pacemaker's v2 patchset: the source and target
 * version, the changes in the order they apply, and the {@link CibDigest} of the target. {@link CibDiff#diff}
 * computes one; {@link #apply} checks the source version, applies the changes, sets the target version and checks
 * the digest, so that a receiver knows its copy is exactly the sender's.
 *
 * <p>XML form ({@link #toXml()}):
 * <pre>{@code
 * <diff format="2" digest="...">
 *   <version><source admin_epoch="0" epoch="5" num_updates="2"/><target admin_epoch="0" epoch="5" num_updates="3"/></version>
 *   <change operation="create" path="/cib/status" position="1"><node_state id="2" .../></change>
 *   <change operation="modify" path="/cib/configuration/resources/primitive[@id='ip']">
 *     <change-list><change-attr name="description" operation="set" value="VIP"/><change-attr name="x" operation="unset"/></change-list>
 *   </change>
 *   <change operation="delete" path="/cib/configuration/constraints/rsc_location[@id='ban']"/>
 *   <change operation="move" path="/cib/configuration/resources/group[@id='g']/primitive[@id='b']" position="0"/>
 * </diff>
 * }</pre>
 * The version triple is carried by {@code <version>} only: it is never the subject of a modify change.
 */
public record CibPatch(CibVersion source, CibVersion target, String digest, List<CibChange> changes) {
    public CibPatch {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(digest, "digest");
        if (!digest.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("'" + digest + "' is not a CIB digest (64 lowercase hex digits)");
        }
        changes = List.copyOf(changes);
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** Whether any change touches the configuration section (and so must be written to disk at once). */
    public boolean changesConfiguration() {
        for (CibChange c : changes) {
            String p = c.path();
            if (p.equals("/cib/configuration") || p.startsWith("/cib/configuration/")
                    || (c instanceof CibChange.Create cr && p.equals("/cib") && cr.element().name().equals("configuration"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Applies the patch to {@code cib}, which must be at the source version; the result is at the target version
     * and has the target digest.
     *
     * @throws CibPatchException saying why not: {@link Reason#ALREADY_APPLIED} when {@code cib} is at or past the
     *         target version, otherwise a reason to ask for the whole CIB
     */
    public Cib apply(Cib cib) throws CibPatchException {
        CibVersion current = cib.version();
        if (!current.equals(source)) {
            if (current.compareTo(target) >= 0 && !source.equals(target)) {
                throw new CibPatchException(Reason.ALREADY_APPLIED, "the CIB is at " + current + ", the patch leads from "
                        + source + " to " + target);
            }
            throw new CibPatchException(Reason.VERSION_MISMATCH, "the CIB is at " + current + ", the patch applies to "
                    + source);
        }
        Cib result = applyChanges(cib).withVersion(target);
        String actual = CibDigest.of(result);
        if (!actual.equals(digest)) {
            throw new CibPatchException(Reason.DIGEST_MISMATCH, "after applying the patch from " + source + " to " + target
                    + " the digest is " + actual + ", the sender had " + digest);
        }
        return result;
    }

    /**
     * Applies only the changes, without looking at versions or the digest: for the owner of a CIB that makes the
     * same edit again on its own copy and then stamps its own version.
     */
    public Cib applyChanges(Cib cib) throws CibPatchException {
        CibElement root = cib.root();
        for (CibChange change : changes) {
            root = applyChange(root, change);
        }
        try {
            return new Cib(root);
        } catch (IllegalArgumentException e) {
            throw new CibPatchException(Reason.BAD_PATH, e.getMessage());
        }
    }

    static CibElement applyChange(CibElement root, CibChange change) throws CibPatchException {
        List<CibPath.Step> steps = CibPath.parse(change.path());
        if (change instanceof CibChange.Create c) {
            return update(root, steps, 0, change, parent -> {
                if (c.position() > parent.children().size()) {
                    return null;
                }
                List<CibElement> list = new ArrayList<>(parent.children());
                list.add(c.position(), c.element());
                return parent.withChildren(list);
            });
        }
        if (change instanceof CibChange.Modify m) {
            return update(root, steps, 0, change, e -> {
                Map<String, String> attrs = new LinkedHashMap<>(e.attributes());
                m.unset().forEach(attrs::remove);
                attrs.putAll(m.set());
                return new CibElement(e.name(), attrs, e.children(), e.line());
            });
        }
        if (steps.size() < 2) {
            throw new CibPatchException(Reason.BAD_PATH, change.path() + ": the root element cannot be deleted or moved");
        }
        CibPath.Step last = steps.get(steps.size() - 1);
        int moveTo = change instanceof CibChange.Move mv ? mv.position() : -1;
        return update(root, steps.subList(0, steps.size() - 1), 0, change, parent -> {
            int i = last.indexIn(parent.children());
            if (i < 0 || moveTo >= parent.children().size()) {
                return null;
            }
            List<CibElement> list = new ArrayList<>(parent.children());
            CibElement removed = list.remove(i);
            if (moveTo >= 0) {
                list.add(moveTo, removed);
            }
            return parent.withChildren(list);
        });
    }

    /** Rebuilds the spine from the root to the element at {@code steps}, with {@code edit} applied there. */
    private static CibElement update(CibElement node, List<CibPath.Step> steps, int depth, CibChange change,
            UnaryOperator<CibElement> edit) throws CibPatchException {
        if (depth == 0 && !steps.get(0).matches(node)) {
            throw new CibPatchException(Reason.BAD_PATH, change.path() + ": the root element is <" + node.name() + ">");
        }
        if (depth == steps.size() - 1) {
            CibElement edited = edit.apply(node);
            if (edited == null) {
                throw new CibPatchException(Reason.BAD_PATH, describe(change) + ": no such element or position");
            }
            return edited;
        }
        int i = steps.get(depth + 1).indexIn(node.children());
        if (i < 0) {
            throw new CibPatchException(Reason.BAD_PATH, describe(change) + ": no element at step "
                    + (depth + 2) + " of the path");
        }
        List<CibElement> list = new ArrayList<>(node.children());
        list.set(i, update(list.get(i), steps, depth + 1, change, edit));
        return node.withChildren(list);
    }

    private static String describe(CibChange change) {
        if (change instanceof CibChange.Create c) {
            return "create at position " + c.position() + " of " + c.path();
        }
        if (change instanceof CibChange.Move m) {
            return "move to position " + m.position() + ": " + m.path();
        }
        return (change instanceof CibChange.Modify ? "modify " : "delete ") + change.path();
    }

    // ---- XML form

    public CibElement toXml() {
        List<CibElement> children = new ArrayList<>();
        children.add(CibElement.of("version").withChildren(List.of(versionElement("source", source),
                versionElement("target", target))));
        for (CibChange c : changes) {
            children.add(changeElement(c));
        }
        return CibElement.of("diff", "format", "2", "digest", digest).withChildren(children);
    }

    private static CibElement versionElement(String name, CibVersion v) {
        return CibElement.of(name, "admin_epoch", Long.toString(v.adminEpoch()), "epoch", Long.toString(v.epoch()),
                "num_updates", Long.toString(v.numUpdates()));
    }

    private static CibElement changeElement(CibChange change) {
        if (change instanceof CibChange.Create c) {
            return CibElement.of("change", "operation", "create", "path", c.path(), "position",
                    Integer.toString(c.position())).withChildren(List.of(c.element()));
        }
        if (change instanceof CibChange.Modify m) {
            List<CibElement> attrs = new ArrayList<>();
            m.set().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> attrs.add(
                    CibElement.of("change-attr", "name", e.getKey(), "operation", "set", "value", e.getValue())));
            for (String name : m.unset()) {
                attrs.add(CibElement.of("change-attr", "name", name, "operation", "unset"));
            }
            return CibElement.of("change", "operation", "modify", "path", m.path())
                    .withChildren(List.of(CibElement.of("change-list").withChildren(attrs)));
        }
        if (change instanceof CibChange.Move m) {
            return CibElement.of("change", "operation", "move", "path", m.path(), "position",
                    Integer.toString(m.position()));
        }
        return CibElement.of("change", "operation", "delete", "path", change.path());
    }

    /** Reads the XML form; {@code source} names where it came from in errors. */
    public static CibPatch fromXml(CibElement diff, String source) throws CibParseException {
        if (!diff.name().equals("diff")) {
            throw new CibParseException(source, diff.line(), diff.name(), "a patch is a <diff> element");
        }
        if (!"2".equals(diff.attr("format"))) {
            throw new CibParseException(source, diff.line(), "diff", "only format=\"2\" patches are supported, not format=\""
                    + diff.attr("format") + "\"");
        }
        CibElement version = diff.child("version").orElseThrow(
                () -> new CibParseException(source, diff.line(), "diff", "the <version> element is missing"));
        CibVersion from = version(version, "source", source);
        CibVersion to = version(version, "target", source);
        String digest = diff.attr("digest");
        List<CibChange> changes = new ArrayList<>();
        for (CibElement c : diff.children()) {
            if (c.name().equals("version")) {
                continue;
            }
            if (!c.name().equals("change")) {
                throw new CibParseException(source, c.line(), c.name(), "unexpected element in <diff> (expected change)");
            }
            try {
                changes.add(change(c, source));
            } catch (IllegalArgumentException e) {
                throw new CibParseException(source, c.line(), "change", e.getMessage());
            }
        }
        try {
            return new CibPatch(from, to, digest == null ? "" : digest, changes);
        } catch (IllegalArgumentException e) {
            throw new CibParseException(source, diff.line(), "diff", e.getMessage());
        }
    }

    private static CibVersion version(CibElement version, String name, String source) throws CibParseException {
        CibElement v = version.child(name).orElseThrow(
                () -> new CibParseException(source, version.line(), "version", "the <" + name + "> element is missing"));
        try {
            return new CibVersion(number(v, "admin_epoch"), number(v, "epoch"), number(v, "num_updates"));
        } catch (IllegalArgumentException e) {
            throw new CibParseException(source, v.line(), name, e.getMessage());
        }
    }

    private static long number(CibElement e, String attr) {
        String v = e.attr(attr);
        if (v == null) {
            throw new IllegalArgumentException("attribute '" + attr + "' is missing");
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException(attr + "=\"" + v + "\" is not a number");
        }
    }

    private static CibChange change(CibElement c, String source) throws CibParseException {
        String op = c.attr("operation");
        String path = c.attr("path");
        if (op == null || path == null) {
            throw new CibParseException(source, c.line(), "change", "a change needs 'operation' and 'path'");
        }
        return switch (op) {
            case "create" -> {
                if (c.children().size() != 1) {
                    throw new CibParseException(source, c.line(), "change", "a create change holds exactly one element");
                }
                yield new CibChange.Create(path, (int) number(c, "position"), c.children().get(0));
            }
            case "modify" -> {
                Map<String, String> set = new LinkedHashMap<>();
                List<String> unset = new ArrayList<>();
                CibElement list = c.child("change-list").orElseThrow(() -> new CibParseException(source, c.line(), "change",
                        "a modify change needs a <change-list>"));
                for (CibElement a : list.children("change-attr")) {
                    String name = a.attr("name");
                    if (name == null) {
                        throw new CibParseException(source, a.line(), "change-attr", "attribute 'name' is missing");
                    }
                    switch (a.attr("operation", "")) {
                        case "set" -> set.put(name, a.attr("value", ""));
                        case "unset" -> unset.add(name);
                        default -> throw new CibParseException(source, a.line(), "change-attr",
                                "operation=\"" + a.attr("operation") + "\" is neither set nor unset");
                    }
                }
                yield new CibChange.Modify(path, set, unset);
            }
            case "delete" -> new CibChange.Delete(path);
            case "move" -> new CibChange.Move(path, (int) number(c, "position"));
            default -> throw new CibParseException(source, c.line(), "change", "operation=\"" + op
                    + "\" is not create, modify, delete or move");
        };
    }

    /** Parses the XML text of a patch. */
    public static CibPatch parse(String xml, String source) throws CibParseException {
        return fromXml(CibXml.parse(xml, source), source);
    }

    /** The XML text of the patch, compact (one line) as it goes on the wire. */
    public String toXmlString() {
        return CibXml.toCompactXml(toXml());
    }
}
