package io.tandem.importers.internal;

import io.tandem.importers.ImportFinding;
import io.tandem.messaging.config.AuthKey;
import io.tandem.messaging.config.AuthKeys;
import io.tandem.messaging.config.AuthKeysException;
import io.tandem.messaging.config.AuthKeysParser;
import io.tandem.messaging.config.AuthKeysWarning;
import io.tandem.messaging.config.AuthMethod;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads heartbeat's authkeys for an import: messaging's own {@link AuthKeysParser} decides what the file means,
 * so that a file is imported exactly when messaging would start with it; this class turns its problems into
 * findings and adds what only matters when moving from heartbeat (pasted blanks, sample keys, md5).
 */
final class AuthKeysImport {
    /** Keys from heartbeat's sample authkeys, which blog posts copy verbatim. */
    private static final Set<String> SAMPLE_KEYS = Set.of("HI!", "Hello!");

    /** @param authKeys present when the file has no error */
    record Result(Optional<AuthKeys> authKeys, List<ImportFinding> findings) {
        Result {
            findings = List.copyOf(findings);
        }
    }

    private AuthKeysImport() {
    }

    static Result parse(Path file, String text) {
        Findings findings = new Findings(file);
        String cleaned = withPlainBlanks(text, findings);
        AuthKeys keys;
        try {
            keys = AuthKeysParser.parse(file.toString(), cleaned);
        } catch (AuthKeysException e) {
            warnings(e.warnings(), findings);
            findings.error(e.line(), e.word(), e.problem());
            return new Result(Optional.empty(), findings.toList());
        }
        warnings(keys.warnings(), findings);
        keys.keys().values().stream().sorted(Comparator.comparingInt(key -> keys.lineOf(key.index())))
                .forEach(key -> advice(keys.lineOf(key.index()), key, findings));
        return new Result(Optional.of(keys), findings.toList());
    }

    /**
     * The mode check as messaging makes it: an ERROR when group or others have any access. On a file system
     * without POSIX permissions the check cannot be made, which only merits an INFO on an admin machine.
     */
    static List<ImportFinding> checkMode(Path file) {
        Findings findings = new Findings(file);
        try {
            AuthKeysParser.checkMode(file).forEach(w -> findings.info(w.line(), w.word(), w.message()));
        } catch (AuthKeysException e) {
            findings.error(e.line(), e.word(), e.problem());
        }
        return findings.toList();
    }

    /** The file as heartbeat writes it: {@code auth N}, then one {@code N METHOD KEY} line per key. */
    static String render(AuthKeys keys, String sourceDescription) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Written by Tandem (ha:import-hacf) from ").append(sourceDescription).append('\n');
        sb.append("# Keep this file at mode 600: heartbeat and Tandem refuse to start with a wider mode.\n");
        sb.append("auth ").append(keys.signingIndex()).append('\n');
        keys.keys().values().stream().sorted(Comparator.comparingInt(AuthKey::index)).forEach(key -> {
            sb.append(key.index()).append(' ').append(key.method().keyword());
            if (key.secret().length > 0) {
                sb.append(' ').append(new String(key.secret(), StandardCharsets.UTF_8));
            }
            sb.append('\n');
        });
        return sb.toString();
    }

    /**
     * Heartbeat would reject a line with non-breaking spaces (pasted from a web page); an import reads them as
     * plain spaces, with a warning. Comment lines are left alone: nothing reads them.
     */
    private static String withPlainBlanks(String text, Findings findings) {
        StringBuilder sb = new StringBuilder(text.length());
        List<String> lines = ConfigLines.physicalLines(text);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String stripped = line.strip();
            boolean ignored = stripped.isEmpty() || stripped.startsWith("#");
            sb.append(ignored ? line : ConfigLines.cleanBlanks(line, i + 1, findings)).append('\n');
        }
        return sb.toString();
    }

    private static void warnings(List<AuthKeysWarning> warnings, Findings findings) {
        warnings.forEach(w -> findings.warning(w.line(), w.word(), w.message()));
    }

    private static void advice(int line, AuthKey key, Findings findings) {
        String method = key.method().keyword();
        if (SAMPLE_KEYS.contains(new String(key.secret(), StandardCharsets.UTF_8))) {
            findings.warning(line, method, "this is the example key of heartbeat's sample authkeys, which anyone can"
                    + " read: choose a secret key");
        }
        if (key.method() == AuthMethod.MD5) {
            findings.info(line, method, "HMAC-MD5 still authenticates, but sha256 is recommended");
        }
    }
}
