package io.tandem.ipc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One request or response: an ordered list of {@code key=value} entries; a key may repeat (lists are repeated
 * keys). Requests carry {@code verb}; responses carry {@code status} ({@code ok} or {@code error}) and, for
 * errors, {@code exit} (a {@link CrmExit} code) and {@code message}.
 *
 * <p>Text form: one entry per line, {@code key=value\n}, keys of letters, digits, '.', '_' and '-'; in values a
 * backslash escapes itself, a newline ({@code \n}) and a carriage return ({@code \r}).
 */
public record IpcMessage(List<Entry> entries) {
    public static final String VERB = "verb";
    public static final String STATUS = "status";
    public static final String EXIT = "exit";
    public static final String MESSAGE = "message";

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._-]+");

    public record Entry(String key, String value) {
        public Entry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (!KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("invalid key '" + key + "': use letters, digits, '.', '_' and '-'");
            }
        }
    }

    public IpcMessage {
        entries = List.copyOf(entries);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static Builder request(String verb) {
        return builder().put(VERB, verb);
    }

    public static IpcMessage ok() {
        return builder().put(STATUS, "ok").build();
    }

    /** A successful response with further entries. */
    public static Builder okBuilder() {
        return builder().put(STATUS, "ok");
    }

    public static IpcMessage error(int exitCode, String message) {
        return builder().put(STATUS, "error").put(EXIT, Integer.toString(exitCode)).put(MESSAGE, message).build();
    }

    public Optional<String> get(String key) {
        for (Entry e : entries) {
            if (e.key.equals(key)) {
                return Optional.of(e.value);
            }
        }
        return Optional.empty();
    }

    public List<String> getAll(String key) {
        List<String> values = new ArrayList<>();
        for (Entry e : entries) {
            if (e.key.equals(key)) {
                values.add(e.value);
            }
        }
        return values;
    }

    public String require(String key) {
        return get(key).orElseThrow(() -> new IllegalArgumentException("missing '" + key + "'"));
    }

    public boolean flag(String key) {
        return get(key).map(Boolean::parseBoolean).orElse(false);
    }

    public Optional<String> verb() {
        return get(VERB);
    }

    public boolean isOk() {
        return get(STATUS).map("ok"::equals).orElse(false);
    }

    /** The exit code of an error response; 0 for success; {@link CrmExit#PROTOCOL} if a response says neither. */
    public int exitCode() {
        if (isOk()) {
            return CrmExit.OK;
        }
        try {
            return get(EXIT).map(Integer::parseInt).orElse(CrmExit.PROTOCOL);
        } catch (NumberFormatException e) {
            return CrmExit.PROTOCOL;
        }
    }

    public String errorMessage() {
        return get(MESSAGE).orElse("no message");
    }

    public byte[] encode() {
        StringBuilder text = new StringBuilder();
        for (Entry e : entries) {
            text.append(e.key).append('=');
            for (int i = 0; i < e.value.length(); i++) {
                char c = e.value.charAt(i);
                switch (c) {
                    case '\\' -> text.append("\\\\");
                    case '\n' -> text.append("\\n");
                    case '\r' -> text.append("\\r");
                    default -> text.append(c);
                }
            }
            text.append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException naming the line that is not a valid entry */
    public static IpcMessage decode(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        List<Entry> entries = new ArrayList<>();
        int line = 0;
        int start = 0;
        while (start < text.length()) {
            line++;
            int end = text.indexOf('\n', start);
            if (end < 0) {
                throw new IllegalArgumentException("line " + line + ": missing newline at end of message");
            }
            String raw = text.substring(start, end);
            int eq = raw.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("line " + line + ": expected key=value, got '" + raw + "'");
            }
            try {
                entries.add(new Entry(raw.substring(0, eq), unescape(raw.substring(eq + 1))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + line + ": " + e.getMessage(), e);
            }
            start = end + 1;
        }
        return new IpcMessage(entries);
    }

    private static String unescape(String value) {
        if (value.indexOf('\\') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i == value.length()) {
                throw new IllegalArgumentException("value ends in a lone backslash");
            }
            switch (value.charAt(i)) {
                case '\\' -> out.append('\\');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                default -> throw new IllegalArgumentException("unknown escape '\\" + value.charAt(i) + "' in value");
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return new String(encode(), StandardCharsets.UTF_8).replace('\n', ' ').trim();
    }

    public static final class Builder {
        private final List<Entry> entries = new ArrayList<>();

        public Builder put(String key, String value) {
            entries.add(new Entry(key, value));
            return this;
        }

        /** Adds the entry only if {@code value} is not null. */
        public Builder putIfPresent(String key, String value) {
            return value == null ? this : put(key, value);
        }

        public Builder putAll(Map<String, String> values) {
            values.forEach(this::put);
            return this;
        }

        public IpcMessage build() {
            return new IpcMessage(entries);
        }
    }
}
