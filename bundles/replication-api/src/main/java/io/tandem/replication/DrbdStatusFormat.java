package io.tandem.replication;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Renders volume states in /proc/drbd's layout (DRBD 8.3), which scripts and people coming from DRBD read,
 * and as JSON. One status model, two renderers.
 */
public final class DrbdStatusFormat {
    /** The header: DRBD 8.3's version line (parsers look for "version: 8."), then who really answers. */
    public static final String VERSION_LINES = "version: 8.3.16 (api:88/proto:86-97)\n"
            + "srcversion: Tandem replication engine\n";

    private DrbdStatusFormat() {
    }

    /** The whole /proc/drbd text for these volumes, by minor. */
    public static String procDrbd(List<VolumeStatus> volumes) {
        StringBuilder out = new StringBuilder(VERSION_LINES);
        volumes.stream().sorted(Comparator.comparingInt(VolumeStatus::minor)).forEach(v -> out.append(device(v)));
        return out.toString();
    }

    /** The lines of one device: state, counters, and while syncing the progress bar and speed. */
    public static String device(VolumeStatus v) {
        StringBuilder out = new StringBuilder();
        char protocol = v.connection() == ConnectionState.STAND_ALONE ? ' ' : v.protocol().name().charAt(0);
        out.append(String.format(Locale.ROOT, "%2d: cs:%s ro:%s/%s ds:%s/%s %c %c-----%n", v.minor(),
                v.connection().drbdName(), v.role().drbdName(), v.peerRole().drbdName(), v.disk().drbdName(),
                v.peerDisk().drbdName(), protocol, v.suspended() ? 's' : 'r'));
        Counters c = v.counters();
        out.append(String.format(Locale.ROOT,
                "    ns:%d nr:%d dw:%d dr:%d al:%d bm:%d lo:%d pe:%d ua:%d ap:%d ep:%d wo:%c oos:%d%n", c.ns(), c.nr(),
                c.dw(), c.dr(), c.al(), c.bm(), c.lo(), c.pe(), c.ua(), c.ap(), c.ep(), c.wo(), c.oos()));
        v.progress().ifPresent(p -> out.append(progress(p)));
        return out.toString();
    }

    /** DRBD's two progress lines: {@code [==>....] sync'ed: 12.0% (left/total)K} and finish/speed. */
    public static String progress(SyncProgress p) {
        int res = p.permilleDone();
        int x = res / 50;
        int y = 20 - x;
        StringBuilder out = new StringBuilder("\t[");
        for (int i = 1; i < x; i++) {
            out.append('=');
        }
        out.append('>');
        for (int i = 0; i < y; i++) {
            out.append('.');
        }
        out.append("] ").append(p.verify() ? "verified:" : "sync'ed:");
        out.append(String.format(Locale.ROOT, "%3d.%d%% ", res / 10, res % 10));
        // More than 4 GiB is shown in MiB, as DRBD does.
        if (p.totalKiB() > (4L << 20)) {
            out.append('(').append(p.remainingKiB() >> 10).append('/').append(p.totalKiB() >> 10).append(")M\n\t");
        } else {
            out.append('(').append(p.remainingKiB()).append('/').append(p.totalKiB()).append(")K\n\t");
        }
        long rt = Math.max(0, p.etaSeconds());
        out.append(String.format(Locale.ROOT, "finish: %d:%02d:%02d speed: %s (%s) K/sec%n", rt / 3600,
                (rt % 3600) / 60, rt % 60, thousands(p.speedKiBPerSecond()), thousands(p.averageKiBPerSecond())));
        return out.toString();
    }

    private static String thousands(long kib) {
        return kib > 1000 ? String.format(Locale.ROOT, "%d,%03d", kib / 1000, kib % 1000) : Long.toString(kib);
    }

    /** A JSON array of the volumes, with DRBD's names for states and counters. */
    public static String json(List<VolumeStatus> volumes) {
        StringBuilder out = new StringBuilder("[");
        List<VolumeStatus> sorted = volumes.stream().sorted(Comparator.comparingInt(VolumeStatus::minor)).toList();
        for (int i = 0; i < sorted.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(json(sorted.get(i)));
        }
        return out.append(']').toString();
    }

    public static String json(VolumeStatus v) {
        Counters c = v.counters();
        StringBuilder out = new StringBuilder("{");
        field(out, "name", v.name()).append(',');
        out.append("\"minor\":").append(v.minor()).append(',');
        field(out, "cs", v.connection().drbdName()).append(',');
        field(out, "ro", v.role().drbdName()).append(',');
        field(out, "peerRo", v.peerRole().drbdName()).append(',');
        field(out, "ds", v.disk().drbdName()).append(',');
        field(out, "peerDs", v.peerDisk().drbdName()).append(',');
        field(out, "protocol", v.protocol().name()).append(',');
        out.append("\"suspended\":").append(v.suspended()).append(',');
        field(out, "gi", v.generationIds().toString()).append(',');
        out.append(String.format(Locale.ROOT,
                "\"counters\":{\"ns\":%d,\"nr\":%d,\"dw\":%d,\"dr\":%d,\"al\":%d,\"bm\":%d,\"lo\":%d,\"pe\":%d,"
                        + "\"ua\":%d,\"ap\":%d,\"ep\":%d,\"wo\":\"%c\",\"oos\":%d}",
                c.ns(), c.nr(), c.dw(), c.dr(), c.al(), c.bm(), c.lo(), c.pe(), c.ua(), c.ap(), c.ep(), c.wo(), c.oos()));
        v.progress().ifPresent(p -> out.append(String.format(Locale.ROOT,
                ",\"progress\":{\"kind\":\"%s\",\"percent\":%d.%d,\"remainingKiB\":%d,\"totalKiB\":%d,"
                        + "\"speedKiBPerSecond\":%d,\"averageKiBPerSecond\":%d,\"etaSeconds\":%d}",
                p.verify() ? "verify" : "resync", p.permilleDone() / 10, p.permilleDone() % 10, p.remainingKiB(),
                p.totalKiB(), p.speedKiBPerSecond(), p.averageKiBPerSecond(), p.etaSeconds())));
        out.append(',');
        field(out, "lastProblem", v.lastProblem());
        return out.append('}').toString();
    }

    private static StringBuilder field(StringBuilder out, String name, String value) {
        out.append('"').append(name).append("\":\"");
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (ch < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        return out.append('"');
    }
}
