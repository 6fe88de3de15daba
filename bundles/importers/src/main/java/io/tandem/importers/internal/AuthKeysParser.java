package io.tandem.importers.internal;

import io.tandem.importers.ImportFinding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads heartbeat's authkeys: {@code auth N} and {@code N sha1|md5|crc|sha256|sha512 [KEY]} lines, {@code #}
 * comments at the start of a line (a key may contain '#'). Pure, except {@link #checkMode}.
 */
final class AuthKeysParser {
    /** Keys from heartbeat's sample authkeys, which blog posts copy verbatim. */
    private static final Set<String> SAMPLE_KEYS = Set.of("HI!", "Hello!");
    private static final Set<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    /** @param authKeys present when the file has no error */
    record Result(Optional<AuthKeys> authKeys, List<ImportFinding> findings) {
        Result {
            findings = List.copyOf(findings);
        }
    }

    private record Pending(int line, AuthKeys.Method method, String secret) {
    }

    private AuthKeysParser() {
    }

    static Result parse(Path file, String text) {
        Findings findings = new Findings(file);
        TreeMap<Integer, AuthKeys.Key> keys = new TreeMap<>();
        TreeMap<Integer, Integer> keyLines = new TreeMap<>();
        List<Pending> withoutIndex = new ArrayList<>();
        int active = 0;
        int activeLine = 0;
        boolean authSeen = false;
        List<String> lines = ConfigLines.physicalLines(text);
        for (int i = 0; i < lines.size(); i++) {
            int n = i + 1;
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            line = ConfigLines.cleanBlanks(line, n, findings).strip();
            String[] words = line.split("\\s+", 3);
            String first = words[0];
            if (first.equalsIgnoreCase("auth")) {
                authSeen = true;
                Optional<Integer> index = words.length == 2 ? HeartbeatValues.parseInt(words[1]) : Optional.empty();
                if (index.isEmpty() || !validIndex(index.get())) {
                    findings.error(n, "auth", "expects 'auth N' with a key index from " + AuthKeys.MIN_INDEX + " to "
                            + AuthKeys.MAX_INDEX);
                    continue;
                }
                if (activeLine != 0) {
                    // Which key signs must not depend on line order: refuse, as messaging does.
                    findings.error(n, "auth", "second 'auth' line (the first is line " + activeLine + ")");
                    continue;
                }
                active = index.get();
                activeLine = n;
            } else if (first.matches("\\d+")) {
                Optional<Integer> index = HeartbeatValues.parseInt(first);
                if (index.isEmpty() || !validIndex(index.get())) {
                    findings.error(n, first, "key index must be from " + AuthKeys.MIN_INDEX + " to " + AuthKeys.MAX_INDEX);
                    continue;
                }
                if (words.length < 2) {
                    findings.error(n, first, "expects 'N METHOD KEY' with METHOD sha1, md5, crc, sha256 or sha512");
                    continue;
                }
                Optional<AuthKeys.Method> method = AuthKeys.Method.parse(words[1]);
                if (method.isEmpty()) {
                    findings.error(n, words[1], "unknown method '" + words[1] + "': use sha256, sha512, sha1, md5 or crc");
                    continue;
                }
                String secret = words.length == 3 ? words[2].strip() : "";
                key(findings, keys, keyLines, n, index.get(), method.get(), secret);
            } else if (AuthKeys.Method.parse(first).isPresent()) {
                findings.warning(n, first, "key index missing (heartbeat expects 'N " + first.toLowerCase(java.util.Locale.ROOT)
                        + " KEY'); read with the index of the 'auth' line");
                withoutIndex.add(new Pending(n, AuthKeys.Method.parse(first).get(),
                        words.length >= 2 ? line.substring(first.length()).strip() : ""));
            } else {
                findings.error(n, first, "not an authkeys line: expected 'auth N' or 'N METHOD KEY'");
            }
        }
        for (Pending pending : withoutIndex) {
            String directive = pending.method().fileName();
            if (activeLine == 0) {
                findings.error(pending.line(), directive, "key index missing, and there is no valid 'auth N' line to take it from");
            } else if (keys.containsKey(active)) {
                findings.error(pending.line(), directive, "key index missing, and key " + active + " (of 'auth " + active
                        + "') is already defined on line " + keyLines.get(active));
            } else {
                key(findings, keys, keyLines, pending.line(), active, pending.method(), pending.secret());
            }
        }
        if (!authSeen) {
            findings.error(0, "auth", "no 'auth N' line: it names the key this node signs with");
        } else if (activeLine != 0 && !keys.containsKey(active) && !findings.hasErrors()) {
            findings.error(activeLine, "auth", "auth " + active + " names key " + active + ", which is not defined");
        }
        if (findings.hasErrors()) {
            return new Result(Optional.empty(), findings.toList());
        }
        return new Result(Optional.of(new AuthKeys(active, keys)), findings.toList());
    }

    private static void key(Findings findings, TreeMap<Integer, AuthKeys.Key> keys, TreeMap<Integer, Integer> keyLines,
                            int n, int index, AuthKeys.Method method, String secret) {
        String directive = method.fileName();
        if (method == AuthKeys.Method.CRC) {
            findings.warning(n, directive, "crc authenticates nothing: anyone on the network can inject packets; use"
                    + " sha1/sha256");
            if (!secret.isEmpty()) {
                findings.info(n, directive, "crc takes no key; the key on this line is ignored");
                secret = "";
            }
        } else if (secret.isEmpty()) {
            findings.error(n, directive, method.fileName() + " needs a key: '" + index + " " + method.fileName() + " KEY'");
            return;
        } else if (SAMPLE_KEYS.contains(secret)) {
            findings.warning(n, directive, "this is the example key of heartbeat's sample authkeys, which anyone can"
                    + " read: choose a secret key");
        }
        if (method == AuthKeys.Method.MD5) {
            findings.info(n, directive, "HMAC-MD5 still authenticates, but sha256 is recommended");
        }
        Integer earlier = keyLines.putIfAbsent(index, n);
        if (earlier != null) {
            findings.error(n, directive, "key " + index + " is already defined on line " + earlier);
            return;
        }
        keys.put(index, new AuthKeys.Key(index, method, secret));
    }

    private static boolean validIndex(int index) {
        return index >= AuthKeys.MIN_INDEX && index <= AuthKeys.MAX_INDEX;
    }

    /**
     * Heartbeat refuses to start when group or others have any access to authkeys: an ERROR here, so Tandem
     * refuses to import it too.
     */
    static List<ImportFinding> checkMode(Path file) throws IOException {
        Findings findings = new Findings(file);
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            findings.info(0, "", "file system without POSIX permissions: mode not checked");
            return findings.toList();
        }
        Set<PosixFilePermission> wide = EnumSet.noneOf(PosixFilePermission.class);
        wide.addAll(permissions);
        wide.retainAll(GROUP_OR_OTHER);
        if (!wide.isEmpty()) {
            findings.error(0, "", "mode " + octal(permissions) + " (" + PosixFilePermissions.toString(permissions)
                    + ") gives group or others access:"
                    + " heartbeat refuses to start with it; chmod 600 " + file);
        }
        return findings.toList();
    }

    private static String octal(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return String.format("%03o", mode);
    }
}
