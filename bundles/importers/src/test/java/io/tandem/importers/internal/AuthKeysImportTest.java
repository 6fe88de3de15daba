package io.tandem.importers.internal;

import static io.tandem.importers.internal.Fixtures.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.importers.ImportFinding;
import io.tandem.messaging.config.AuthKey;
import io.tandem.messaging.config.AuthKeys;
import io.tandem.messaging.config.AuthMethod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthKeysImportTest {
    private static final Path FILE = Path.of("/etc/ha.d/authkeys");

    private static AuthKeysImport.Result parse(String text) {
        return AuthKeysImport.parse(FILE, text);
    }

    @Test
    void seed000CrcImportsWithALoudWarning() {
        AuthKeysImport.Result result = parse(Fixtures.text("seed000-authkeys"));

        assertEquals(List.of("2 WARNING crc"), summary(result.findings()));
        assertEquals("key 1 uses crc, which AUTHENTICATES NOTHING: anyone on the network can forge cluster packets."
                + " Use sha256 or sha1 with a secret key", result.findings().get(0).message());
        AuthKeys keys = result.authKeys().orElseThrow();
        assertEquals(1, keys.signingIndex());
        assertEquals(AuthMethod.CRC, keys.signingKey().method());
        assertEquals(1, keys.keys().size(), "the commented sha1 and md5 keys are not keys");
    }

    @Test
    void seed001MissingKeyIndexIsReadWithTheAuthIndex() {
        AuthKeysImport.Result result = parse(Fixtures.text("seed001-authkeys"));

        assertEquals(List.of("2 WARNING md5", "2 WARNING md5", "2 INFO md5"), summary(result.findings()));
        assertTrue(result.findings().get(0).message().startsWith("key index missing"), result.findings().get(0).message());
        AuthKeys keys = result.authKeys().orElseThrow();
        assertEquals(3, keys.signingIndex());
        assertEquals(new AuthKey(3, AuthMethod.MD5, "Hello!".getBytes(StandardCharsets.UTF_8)), keys.signingKey());
    }

    @Test
    void errorsNameTheirLine() {
        assertEquals(List.of("1 ERROR auth"), summary(parse("auth 2\n1 sha1 s3cret-key\n").findings()));
        assertEquals(List.of("2 ERROR sha1"), summary(parse("auth 1\n1 sha1\n").findings()));
        assertEquals(List.of("3 ERROR blowfish"), summary(parse("# keys\nauth 1\n1 blowfish x\n").findings()));
        assertEquals(List.of("0 ERROR auth"), summary(parse("1 sha256 s3cret-key\n").findings()));
        assertEquals(List.of("1 ERROR auth"), summary(parse("auth 256\n").findings()));
        assertEquals(List.of("2 ERROR 300"), summary(parse("auth 1\n300 sha1 x\n1 sha1 y\n").findings()));
        assertEquals(List.of("3 ERROR sha1"), summary(parse("auth 1\n1 sha1 x\n1 sha1 y\n").findings()));
        assertEquals(List.of("3 ERROR auth"), summary(parse("auth 1\n1 sha1 x\nauth 1\n").findings()));
        assertEquals(List.of("2 ERROR what"), summary(parse("auth 1\nwhat is this\n1 sha1 y\n").findings()));
        assertTrue(parse("auth 1\n1 sha1\n").authKeys().isEmpty());
    }

    @Test
    void indexlessLineCannotTakeAnIndexAlreadyUsed() {
        AuthKeysImport.Result result = parse("auth 1\n1 sha256 first\nsha1 second\n");
        assertEquals(List.of("3 WARNING sha1", "3 ERROR sha1"), summary(result.findings()));
    }

    @Test
    void keysMayContainHashAndSpacesAndRoundTripThroughRender() {
        AuthKeysImport.Result result = parse("auth 2\n1 sha1 old#key\n2 sha256 a long pass phrase\n");
        assertEquals(List.of(), result.findings());
        AuthKeys keys = result.authKeys().orElseThrow();
        assertEquals("old#key", new String(keys.keys().get(1).secret(), StandardCharsets.UTF_8));
        assertEquals("a long pass phrase", new String(keys.signingKey().secret(), StandardCharsets.UTF_8));
        assertFalse(keys.toString().contains("pass phrase"), "secrets never show in toString");

        String rendered = AuthKeysImport.render(keys, "/etc/ha.d/authkeys");
        assertTrue(rendered.contains("\nauth 2\n1 sha1 old#key\n2 sha256 a long pass phrase\n"), rendered);
        assertEquals(keys, parse(rendered).authKeys().orElseThrow());
    }

    @Test
    void modeWiderThanOwnerOnlyIsAnError(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("authkeys"), "auth 1\n1 sha256 k\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        List<ImportFinding> wide = AuthKeysImport.checkMode(file);
        assertEquals(List.of("0 ERROR "), summary(wide));
        assertTrue(wide.get(0).message().startsWith("mode 644 (rw-r--r--) gives group or others access"), wide.get(0).message());
        assertTrue(wide.get(0).message().contains("chmod 600"), wide.get(0).message());

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertEquals(List.of(), AuthKeysImport.checkMode(file));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        assertEquals(List.of(), AuthKeysImport.checkMode(file));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw----r--"));
        assertEquals(1, AuthKeysImport.checkMode(file).size());
    }
}
