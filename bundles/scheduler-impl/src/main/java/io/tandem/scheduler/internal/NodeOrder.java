package io.tandem.scheduler.internal;

/** Pacemaker's node name order (pcmk__numeric_strcasecmp): case-insensitive, digit runs compared as numbers. */
final class NodeOrder {
    private NodeOrder() {
    }

    static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                long na = parse(a.substring(si, i));
                long nb = parse(b.substring(sj, j));
                if (na != nb) {
                    return na < nb ? -1 : 1;
                }
                continue;
            }
            int c = Character.compare(Character.toLowerCase(ca), Character.toLowerCase(cb));
            if (c != 0) {
                return c;
            }
            i++;
            j++;
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static long parse(String s) {
        try {
            return Long.parseLong(s.length() > 18 ? s.substring(0, 18) : s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
