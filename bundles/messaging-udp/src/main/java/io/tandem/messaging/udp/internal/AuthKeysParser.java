package io.tandem.messaging.udp.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
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
 * <p>Also accepts the sloppy form found in many tutorials ({@code auth 3} followed by {@code md5 Hello!}): a key
 * line without an index is the key of the index named by {@code auth}, with a warning naming the line.
 *
 * <p>Pure: no logging, no state. Warnings come back in {@link AuthKeys#warnings()}.
 */
public final class AuthKeysParser {
    private static final Set<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private AuthKeysParser() {
    }

    /**
     * Reads {@code file} after checking, as heartbeat does, that only its owner can access it (mode 600 or 400).
     * On file systems without POSIX permissions the check cannot be made and a warning says so.
     */
    public static AuthKeys parse(Path file) throws AuthKeysException {
        String name = file.toString();
        List<String> extraWarnings = new ArrayList<>();
        try {
            if (!Files.isRegularFile(file)) {
                throw new AuthKeysException(name, 0, Files.exists(file) ? "not a regular file" : "no such file");
            }
            try {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                if (perms.stream().anyMatch(GROUP_OR_OTHER::contains)) {
                    throw new AuthKeysException(name, 0, "mode " + octal(perms) + " (" + PosixFilePermissions.toString(perms)
                            + ") lets other users read the cluster keys; it must be accessible by its owner only: chmod 600 "
                            + name);
                }
            } catch (UnsupportedOperationException e) {
                extraWarnings.add(name + ": the file system has no POSIX permissions, cannot check that the file is private");
            }
            String content = Files.readString(file, StandardCharsets.UTF_8);
            AuthKeys keys = parse(name, content);
            if (extraWarnings.isEmpty()) {
                return keys;
            }
            extraWarnings.addAll(keys.warnings());
            return new AuthKeys(keys.signingIndex(), keys.keys(), extraWarnings);
        } catch (NoSuchFileException e) {
            throw new AuthKeysException(name, 0, "no such file");
        } catch (IOException e) {
            throw new AuthKeysException(name, 0, "cannot read: " + e);
        }
    }

    /** Parses authkeys text; {@code source} names it in messages. */
    public static AuthKeys parse(String source, String content) throws AuthKeysException {
        Map<Integer, AuthKey> keys = new HashMap<>();
        Map<Integer, Integer> keyLines = new HashMap<>();
        List<String> warnings = new ArrayList<>();
        int authIndex = -1;
        int authLine = 0;
        int indexlessLine = 0;
        AuthMethod indexlessMethod = null;
        String indexlessKey = null;

        String[] lines = content.split("\r?\n", -1);
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
                    throw new AuthKeysException(source, lineNo, "second 'auth' line (the first is line " + authLine + ")");
                }
                if (tokens.length != 2) {
                    throw new AuthKeysException(source, lineNo, "'auth' takes exactly one key index, as in 'auth 1'");
                }
                authIndex = index(source, lineNo, tokens[1]);
                authLine = lineNo;
            } else if (isNumber(first)) {
                int index = index(source, lineNo, first);
                if (tokens.length < 2) {
                    throw new AuthKeysException(source, lineNo, "key " + index
                            + " has no method: expected 'N method [key]' with method one of " + methodList());
                }
                AuthMethod method = method(source, lineNo, tokens[1]);
                String key = tokens.length == 3 ? tokens[2].strip() : "";
                if (keyLines.containsKey(index)) {
                    throw new AuthKeysException(source, lineNo, "key " + index + " is already defined on line "
                            + keyLines.get(index));
                }
                keys.put(index, key(source, lineNo, index, method, key, warnings));
                keyLines.put(index, lineNo);
            } else if (AuthMethod.fromKeyword(first).isPresent()) {
                if (indexlessMethod != null) {
                    throw new AuthKeysException(source, lineNo, "a second key line without an index (the first is line "
                            + indexlessLine + "): write 'N " + first + " ...'");
                }
                indexlessMethod = AuthMethod.fromKeyword(first).get();
                indexlessKey = line.substring(first.length()).strip();
                indexlessLine = lineNo;
            } else {
                throw new AuthKeysException(source, lineNo, "unexpected '" + first
                        + "': expected 'auth N', 'N method [key]' or a '#' comment");
            }
        }

        if (authIndex < 0) {
            throw new AuthKeysException(source, 0, "no 'auth N' line selecting the signing key");
        }
        if (indexlessMethod != null) {
            if (keys.containsKey(authIndex)) {
                throw new AuthKeysException(source, indexlessLine, "key line without an index, but key " + authIndex
                        + " (named by 'auth " + authIndex + "') is already defined on line " + keyLines.get(authIndex));
            }
            keys.put(authIndex, key(source, indexlessLine, authIndex, indexlessMethod, indexlessKey, warnings));
            keyLines.put(authIndex, indexlessLine);
            warnings.add(source + ":" + indexlessLine + ": key line without an index; using it as key " + authIndex
                    + " (named by 'auth " + authIndex + "' on line " + authLine + "). Write '" + authIndex + " "
                    + indexlessMethod.keyword() + " ...' to silence this warning");
        }
        if (!keys.containsKey(authIndex)) {
            throw new AuthKeysException(source, authLine, "'auth " + authIndex + "' names key " + authIndex
                    + ", but no line defines it (expected '" + authIndex + " method key')");
        }
        return new AuthKeys(authIndex, keys, warnings);
    }

    private static AuthKey key(String source, int lineNo, int index, AuthMethod method, String key, List<String> warnings)
            throws AuthKeysException {
        if (method.needsKey() && key.isEmpty()) {
            throw new AuthKeysException(source, lineNo, "key " + index + ": method " + method.keyword() + " needs a key");
        }
        if (!method.needsKey()) {
            warnings.add(source + ":" + lineNo + ": key " + index + " uses crc, which AUTHENTICATES NOTHING: anyone on the"
                    + " network can forge cluster packets. Use sha256 or sha1 with a secret key"
                    + (key.isEmpty() ? "" : " (the text after 'crc' is ignored)"));
            return new AuthKey(index, method, new byte[0]);
        }
        return new AuthKey(index, method, key.getBytes(StandardCharsets.UTF_8));
    }

    private static int index(String source, int lineNo, String token) throws AuthKeysException {
        if (!isNumber(token)) {
            throw new AuthKeysException(source, lineNo, "key index '" + token + "' is not a number");
        }
        int value;
        try {
            value = Integer.parseInt(token);
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (value < 0 || value > 255) {
            throw new AuthKeysException(source, lineNo, "key index " + token + " out of range 0..255");
        }
        return value;
    }

    private static AuthMethod method(String source, int lineNo, String token) throws AuthKeysException {
        Optional<AuthMethod> m = AuthMethod.fromKeyword(token);
        if (m.isEmpty()) {
            throw new AuthKeysException(source, lineNo, "unknown method '" + token + "': expected one of " + methodList());
        }
        return m.get();
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
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
