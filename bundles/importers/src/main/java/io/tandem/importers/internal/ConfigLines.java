package io.tandem.importers.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a heartbeat configuration file into lines the way heartbeat reads them, and cleans up what people
 * paste into them from web pages: non-breaking spaces and {@code //} annotations. Both are tolerated, each
 * with a warning naming the line, because heartbeat itself would reject such a line.
 */
final class ConfigLines {
    // '//' starts an annotation only at the start of the line or after blanks, so paths such as /usr//lib survive.
    private static final Pattern ANNOTATION = Pattern.compile("(^|\\s)//");
    private static final Pattern ARGUMENT_SEPARATORS = Pattern.compile("[\\s,]+");

    /** A line that has a directive: its 1-based number, the directive and its arguments. */
    record Line(int number, String directive, List<String> arguments) {
        Line {
            arguments = List.copyOf(arguments);
        }
    }

    private ConfigLines() {
    }

    static List<String> physicalLines(String text) {
        String withoutBom = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<String> lines = new ArrayList<>(List.of(withoutBom.split("\r?\n|\r", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    /** The directive lines of an ha.cf: '#' starts a comment anywhere, arguments are separated by blanks or commas. */
    static List<Line> read(String text, Findings findings) {
        List<Line> result = new ArrayList<>();
        List<String> lines = physicalLines(text);
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            String line = lines.get(i);
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = cleanBlanks(line, number, findings);
            Matcher annotation = ANNOTATION.matcher(line);
            if (annotation.find()) {
                findings.warning(number, firstWord(line), "'//' is not a comment in ha.cf; ignored the rest of the line");
                line = line.substring(0, annotation.start());
            }
            String stripped = line.strip();
            if (stripped.isEmpty()) {
                continue;
            }
            String[] words = ARGUMENT_SEPARATORS.split(stripped);
            result.add(new Line(number, words[0], List.of(words).subList(1, words.length)));
        }
        return result;
    }

    /** Replaces non-breaking and other Unicode blanks by spaces, with a warning naming the line. */
    static String cleanBlanks(String line, int number, Findings findings) {
        if (!hasUnusualBlank(line)) {
            return line;
        }
        findings.warning(number, firstWord(line), "non-breaking or other Unicode spaces read as plain spaces;"
                + " heartbeat would not accept this line (text pasted from a web page?)");
        return normalizeBlanks(line);
    }

    private static boolean hasUnusualBlank(String line) {
        return line.chars().anyMatch(c -> c != ' ' && c != '\t' && (Character.isSpaceChar(c) || c == '\u200B'));
    }

    private static String normalizeBlanks(String line) {
        StringBuilder sb = new StringBuilder(line.length());
        line.chars().forEach(c -> sb.append(Character.isSpaceChar(c) || c == '\u200B' ? ' ' : (char) c));
        return sb.toString();
    }

    private static String firstWord(String line) {
        String stripped = normalizeBlanks(line).strip();
        int end = 0;
        while (end < stripped.length() && !Character.isWhitespace(stripped.charAt(end))) {
            end++;
        }
        return stripped.substring(0, end);
    }
}
