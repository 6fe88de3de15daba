package io.tandem.messaging.udp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthKeysParserTest {
    @TempDir
    Path dir;

    private static AuthKeys parse(String text) throws AuthKeysException {
        return AuthKeysParser.parse("authkeys", text);
    }

    @Test
    void readsTheCanonicalForm() throws Exception {
        AuthKeys k = parse("# comment\nauth 2\n1 md5 old secret\n2 sha1 NewSecret\n\n3 sha512 x\n4 sha256 y\n");
        assertEquals(2, k.signingIndex());
        assertEquals(AuthMethod.SHA1, k.signingKey().method());
        assertArrayEquals("NewSecret".getBytes(StandardCharsets.UTF_8), k.signingKey().secret());
        assertArrayEquals("old secret".getBytes(StandardCharsets.UTF_8), k.keys().get(1).secret(), "key text may contain spaces");
        assertEquals(4, k.keys().size());
        assertTrue(k.warnings().isEmpty());
    }

    @Test
    void seedFormAuthOneCrcWorksWithALoudWarning() throws Exception {
        AuthKeys k = parse("auth 1\n1 crc\n");
        assertEquals(AuthMethod.CRC, k.signingKey().method());
        assertEquals(1, k.warnings().size());
        assertTrue(k.warnings().get(0).contains("AUTHENTICATES NOTHING"), k.warnings().get(0));
    }

    @Test
    void seedFormIndexlessKeyIsTheKeyNamedByAuthWithAWarningNamingTheLine() throws Exception {
        AuthKeys k = parse("auth 3\nmd5 Hello!\n");
        assertEquals(3, k.signingIndex());
        assertEquals(AuthMethod.MD5, k.signingKey().method());
        assertArrayEquals("Hello!".getBytes(StandardCharsets.UTF_8), k.signingKey().secret());
        assertEquals(1, k.warnings().size());
        assertTrue(k.warnings().get(0).startsWith("authkeys:2:"), k.warnings().get(0));
    }

    @Test
    void errorsNameFileAndLine() {
        assertError("auth 1\n1 rot13 abc\n", 2, "unknown method 'rot13'");
        assertError("auth 1\n1 sha1\n", 2, "needs a key");
        assertError("auth 2\n1 sha1 a\n", 1, "no line defines it");
        assertError("1 sha1 a\n", 0, "no 'auth N' line");
        assertError("auth 1\n1 sha1 a\n1 md5 b\n", 3, "already defined on line 2");
        assertError("auth 1\nauth 1\n1 sha1 a\n", 2, "second 'auth'");
        assertError("auth 1\nkeys galore\n", 2, "unexpected 'keys'");
        assertError("auth 300\n", 1, "out of range");
        assertError("auth 1\n1 sha1 a\nmd5 b\n", 3, "already defined on line 2");
    }

    private static void assertError(String text, int line, String fragment) {
        AuthKeysException e = assertThrows(AuthKeysException.class, () -> parse(text), text);
        assertEquals(line, e.line(), e.getMessage());
        assertEquals("authkeys", e.file());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertTrue(e.getMessage().startsWith("authkeys" + (line > 0 ? ":" + line : "") + ": "), e.getMessage());
    }

    @Test
    void fileMustBeOwnerOnlyAsHeartbeatRequires() throws IOException, AuthKeysException {
        Path f = dir.resolve("authkeys");
        Files.writeString(f, "auth 1\n1 sha1 secret\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        AuthKeysException e = assertThrows(AuthKeysException.class, () -> AuthKeysParser.parse(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("mode 644"), e.getMessage());
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());

        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        assertEquals(AuthMethod.SHA1, AuthKeysParser.parse(f).signingKey().method());
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--------"));
        assertEquals(1, AuthKeysParser.parse(f).signingIndex());
    }

    @Test
    void missingFileIsNamed() {
        Path f = dir.resolve("nope");
        AuthKeysException e = assertThrows(AuthKeysException.class, () -> AuthKeysParser.parse(f));
        assertTrue(e.getMessage().startsWith(f + ": no such file"), e.getMessage());
    }

    @Test
    void secretsStayOutOfToString() throws Exception {
        assertTrue(!parse("auth 1\n1 sha1 TopSecret\n").toString().contains("TopSecret"));
    }
}
