package io.tandem.messaging.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
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
        assertTrue(k.warnings().get(0).message().contains("AUTHENTICATES NOTHING"), k.warnings().get(0).message());
        assertEquals(new AuthKeysWarning(2, "crc", k.warnings().get(0).message()), k.warnings().get(0));
    }

    @Test
    void seedFormIndexlessKeyIsTheKeyNamedByAuthWithAWarningNamingTheLine() throws Exception {
        AuthKeys k = parse("auth 3\nmd5 Hello!\n");
        assertEquals(3, k.signingIndex());
        assertEquals(AuthMethod.MD5, k.signingKey().method());
        assertArrayEquals("Hello!".getBytes(StandardCharsets.UTF_8), k.signingKey().secret());
        assertEquals(1, k.warnings().size());
        assertTrue(k.warnings().get(0).format("authkeys").startsWith("authkeys:2:"), k.warnings().get(0).format("authkeys"));
        assertEquals(2, k.warnings().get(0).line());
        assertEquals("md5", k.warnings().get(0).word());
        assertEquals(2, k.lineOf(3), "the key stands on the index-less line");
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
    void errorsNameTheWordTheyAreAboutAndKeepTheWarningsBeforeThem() {
        AuthKeysException e = assertThrows(AuthKeysException.class, () -> parse("auth 1\n1 sha256 first\nsha1 second\n"));
        assertEquals(3, e.line());
        assertEquals("sha1", e.word());
        assertTrue(e.problem().startsWith("key line without an index, but key 1"), e.problem());
        assertEquals(List.of(3), e.warnings().stream().map(AuthKeysWarning::line).toList(), "the index-less warning");

        assertEquals("300", assertThrows(AuthKeysException.class, () -> parse("auth 1\n300 sha1 x\n")).word());
        assertEquals("blowfish", assertThrows(AuthKeysException.class, () -> parse("auth 1\n1 blowfish x\n")).word());
        assertEquals("auth", assertThrows(AuthKeysException.class, () -> parse("auth 256\n")).word());
    }

    @Test
    void linesOfKeysAreKeptButEqualityIsAboutTheKeysOnly() throws Exception {
        AuthKeys k = parse("\uFEFFauth 2\r\n1 sha1 old#key\r\n2 sha256 a long pass phrase\r\n");
        assertEquals(2, k.lineOf(1));
        assertEquals(3, k.lineOf(2));
        assertArrayEquals("old#key".getBytes(StandardCharsets.UTF_8), k.keys().get(1).secret(), "'#' inside a key is kept");
        AuthKeys elsewhere = parse("# moved\n\nauth 2\n2 sha256 a long pass phrase\n1 sha1 old#key\n");
        assertEquals(k, elsewhere);
        assertEquals(k.hashCode(), elsewhere.hashCode());
        assertNotEquals(k, parse("auth 1\n1 sha1 old#key\n2 sha256 a long pass phrase\n"));
    }

    @Test
    void secretsStayOutOfToString() throws Exception {
        assertTrue(!parse("auth 1\n1 sha1 TopSecret\n").toString().contains("TopSecret"));
    }
}
