package io.tandem.messaging.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads heartbeat's authkeys format:
 *
 * <pre>
 * # comment
 * auth 1
 * 1 sha1 SomeSecret
 * 2 md5 OlderSecret
 * </pre>
 *
 * <p>A {@code #} starts a comment only at the start of a line, so a key may contain one. Also accepts the sloppy
 * form found in many tutorials ({@code auth 3} followed by {@code md5 Hello!}): a key line without an index is the
 * key of the index named by {@code auth}, with a warning naming the line.
 *
 * <p>Pure: no logging, no state. Stops at the first problem. Warnings come back in {@link AuthKeys#warnings()},
 * or in {@link AuthKeysException#warnings()} for the lines before a problem.
 */
public final class AuthKeysParser {
    private static final Set<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final String source;
    private final List<AuthKeysWarning> warnings = new ArrayList<>();

    private AuthKeysParser(String source) {
        this.source = source;
    }

    /**
     * Reads {@code file} after checking, as heartbeat does, that only its owner can access it (see
     * {@link #checkMode}).
     */
    public static AuthKeys parse(Path file) throws AuthKeysException {
        String name = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new AuthKeysException(name, 0, "", Files.exists(file) ? "not a regular file" : "no such file", List.of());
        }
        List<AuthKeysWarning> modeWarnings = checkMode(file);
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new AuthKeysException(name, 0, "", "no such file", List.of());
        } catch (IOException e) {
            throw new AuthKeysException(name, 0, "", "cannot read: " + e, List.of());
        }
        AuthKeys keys = parse(name, content);
        if (modeWarnings.isEmpty()) {
            return keys;
        }
        List<AuthKeysWarning> all = new ArrayList<>(modeWarnings);
        all.addAll(keys.warnings());
        return new AuthKeys(keys.signingIndex(), keys.keys(), keys.lines(), all);
    }

    /**
     * Heartbeat refuses to start when group or others have any access to authkeys (it must be mode 600 or 400),
     * and so does Tandem.
     *
     * @return a warning when the file system has no POSIX permissions, so that the check cannot be made
     * @throws AuthKeysException (line 0) when the mode is wider, or the file cannot be looked at
     */
    public static List<AuthKeysWarning> checkMode(Path file) throws AuthKeysException {
        String name = file.toString();
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return List.of(new AuthKeysWarning(0, "", "the file system has no POSIX permissions: cannot check that"
                    + " only the owner can read the file"));
        } catch (NoSuchFileException e) {
            throw new AuthKeysException(name, 0, "", "no such file", List.of());
        } catch (IOException e) {
            throw new AuthKeysException(name, 0, "", "cannot read the mode: " + e, List.of());
        }
        if (permissions.stream().anyMatch(GROUP_OR_OTHER::contains)) {
            throw new AuthKeysException(name, 0, "", "mode " + octal(permissions) + " ("
                    + PosixFilePermissions.toString(permissions) + ") gives group or others access to the cluster keys:"
                    + " heartbeat refuses to start with it, and so does Tandem; chmod 600 " + name, List.of());
        }
        return List.of();
    }

    /** Parses authkeys text; {@code source} names it in messages. */
    public static AuthKeys parse(String source, String content) throws AuthKeysException {
        return new AuthKeysParser(source).read(content);
    }

    private AuthKeys read(String content) throws AuthKeysException {
        Map<Integer, AuthKey> keys = new HashMap<>();
        Map<Integer, Integer> keyLines = new HashMap<>();
        int authIndex = -1;
        int authLine = 0;
        int indexlessLine = 0;
        AuthMethod indexlessMethod = null;
        String indexlessKey = null;

        String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        String[] lines = text.split("\r?\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] tokens = line.split("\\s+", 3);
            String first = tokens[0];
            if (first.equalsIgnoreCase("auth")) {
                if (authIndex >= 0) {
                    throw problem(lineNo, "auth", "second 'auth' line (the first is line " + authLine + ")");
                }
                if (tokens.length != 2) {
                    throw problem(lineNo, "auth", "'auth' takes exactly one key index, as in 'auth 1'");
                }
                authIndex = index(lineNo, "auth", tokens[1]);
                authLine = lineNo;
            } else if (isNumber(first)) {
                int index = index(lineNo, first, first);
                if (tokens.length < 2) {
                    throw problem(lineNo, first, "key " + index + " has no method: expected 'N method [key]' with"
                            + " method one of " + methodList());
                }
                AuthMethod method = method(lineNo, tokens[1]);
                String key = tokens.length == 3 ? tokens[2].strip() : "";
                if (keyLines.containsKey(index)) {
                    throw problem(lineNo, method.keyword(), "key " + index + " is already defined on line "
                            + keyLines.get(index));
                }
                keys.put(index, key(lineNo, index, method, key));
                keyLines.put(index, lineNo);
            } else if (AuthMethod.fromKeyword(first).isPresent()) {
                AuthMethod method = AuthMethod.fromKeyword(first).get();
                if (indexlessMethod != null) {
                    throw problem(lineNo, method.keyword(), "a second key line without an index (the first is line "
                            + indexlessLine + "): write 'N " + method.keyword() + " ...'");
                }
                indexlessMethod = method;
                indexlessKey = line.substring(first.length()).strip();
                indexlessLine = lineNo;
            } else {
                throw problem(lineNo, first, "unexpected '" + first
                        + "': expected 'auth N', 'N method [key]' or a '#' comment");
            }
        }

        if (authIndex < 0) {
            throw problem(0, "auth", "no 'auth N' line selecting the signing key");
        }
        if (indexlessMethod != null) {
            String word = indexlessMethod.keyword();
            warnings.add(new AuthKeysWarning(indexlessLine, word, "key index missing; read as key " + authIndex
                    + " (named by 'auth " + authIndex + "' on line " + authLine + "). Write '" + authIndex + " "
                    + word + " ...' to silence this warning"));
            if (keys.containsKey(authIndex)) {
                throw problem(indexlessLine, word, "key line without an index, but key " + authIndex + " (named by 'auth "
                        + authIndex + "') is already defined on line " + keyLines.get(authIndex));
            }
            keys.put(authIndex, key(indexlessLine, authIndex, indexlessMethod, indexlessKey));
            keyLines.put(authIndex, indexlessLine);
        }
        if (!keys.containsKey(authIndex)) {
            throw problem(authLine, "auth", "'auth " + authIndex + "' names key " + authIndex
                    + ", but no line defines it (expected '" + authIndex + " method key')");
        }
        return new AuthKeys(authIndex, keys, keyLines, inFileOrder());
    }

    private AuthKey key(int lineNo, int index, AuthMethod method, String key) throws AuthKeysException {
        if (method.needsKey() && key.isEmpty()) {
            throw problem(lineNo, method.keyword(), "key " + index + ": method " + method.keyword() + " needs a key");
        }
        if (!method.needsKey()) {
            warnings.add(new AuthKeysWarning(lineNo, method.keyword(), "key " + index + " uses crc, which AUTHENTICATES"
                    + " NOTHING: anyone on the network can forge cluster packets. Use sha256 or sha1 with a secret key"
                    + (key.isEmpty() ? "" : " (the text after 'crc' is ignored)")));
            return new AuthKey(index, method, new byte[0]);
        }
        return new AuthKey(index, method, key.getBytes(StandardCharsets.UTF_8));
    }

    private int index(int lineNo, String word, String token) throws AuthKeysException {
        if (!isNumber(token)) {
            throw problem(lineNo, word, "key index '" + token + "' is not a number");
        }
        int value;
        try {
            value = Integer.parseInt(token);
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (value < 0 || value > 255) {
            throw problem(lineNo, word, "key index " + token + " out of range 0..255");
        }
        return value;
    }

    private AuthMethod method(int lineNo, String token) throws AuthKeysException {
        Optional<AuthMethod> m = AuthMethod.fromKeyword(token);
        if (m.isEmpty()) {
            throw problem(lineNo, token, "unknown method '" + token + "': expected one of " + methodList());
        }
        return m.get();
    }

    private AuthKeysException problem(int lineNo, String word, String problem) {
        return new AuthKeysException(source, lineNo, word, problem, inFileOrder());
    }

    /** The index-less warning is only known at the end of the file, after warnings about later lines. */
    private List<AuthKeysWarning> inFileOrder() {
        return warnings.stream().sorted(Comparator.comparingInt(AuthKeysWarning::line)).toList();
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static String methodList() {
        StringBuilder b = new StringBuilder();
        for (AuthMethod m : AuthMethod.values()) {
            b.append(b.length() == 0 ? "" : ", ").append(m.keyword());
        }
        return b.toString();
    }

    private static String octal(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= switch (p) {
                case OWNER_READ -> 0400;
                case OWNER_WRITE -> 0200;
                case OWNER_EXECUTE -> 0100;
                case GROUP_READ -> 040;
                case GROUP_WRITE -> 020;
                case GROUP_EXECUTE -> 010;
                case OTHERS_READ -> 04;
                case OTHERS_WRITE -> 02;
                case OTHERS_EXECUTE -> 01;
            };
        }
        return String.format("%03o", mode);
    }
}
