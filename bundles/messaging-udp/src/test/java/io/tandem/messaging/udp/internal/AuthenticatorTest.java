package io.tandem.messaging.udp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.messaging.config.AuthKey;
import io.tandem.messaging.config.AuthKeys;
import io.tandem.messaging.config.AuthMethod;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AuthenticatorTest {
    private static final byte[] SECRET = "k3y".getBytes(StandardCharsets.UTF_8);

    private static AuthKey key(int index, AuthMethod m, byte[] secret) {
        return new AuthKey(index, m, m.needsKey() ? secret : new byte[0]);
    }

    @ParameterizedTest
    @EnumSource(AuthMethod.class)
    void signsWithTheStandardAlgorithmAndVerifies(AuthMethod method) throws Exception {
        Authenticator a = new Authenticator(AuthKeys.single(key(5, method, SECRET)));
        byte[] buf = new byte[200];
        for (int i = 0; i < 100; i++) {
            buf[i] = (byte) (i * 7);
        }
        int len = a.sign(buf, 100);
        assertEquals(100 + method.signatureBytes(), len);

        byte[] expected;
        if (method.needsKey()) {
            Mac mac = Mac.getInstance(method.macAlgorithm());
            mac.init(new SecretKeySpec(SECRET, method.macAlgorithm()));
            mac.update(buf, 0, 100);
            expected = mac.doFinal();
        } else {
            CRC32 crc = new CRC32();
            crc.update(buf, 0, 100);
            long v = crc.getValue();
            expected = new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        }
        assertArrayEquals(expected, Arrays.copyOfRange(buf, 100, len));
        assertEquals(Authenticator.Verdict.OK, a.verify(5, buf, 0, len));

        byte[] flipped = buf.clone();
        flipped[42] ^= 0x10;
        assertEquals(Authenticator.Verdict.BAD_AUTH, a.verify(5, flipped, 0, len));
        assertEquals(Authenticator.Verdict.UNKNOWN_KEY, a.verify(6, buf, 0, len));
    }

    @ParameterizedTest
    @EnumSource(value = AuthMethod.class, names = "CRC", mode = EnumSource.Mode.EXCLUDE)
    void aDifferentKeyUnderTheSameIndexIsBadAuth(AuthMethod method) {
        Authenticator signer = new Authenticator(AuthKeys.single(key(1, method, SECRET)));
        Authenticator checker = new Authenticator(AuthKeys.single(key(1, method, "other".getBytes(StandardCharsets.UTF_8))));
        byte[] buf = new byte[200];
        int len = signer.sign(buf, 50);
        assertEquals(Authenticator.Verdict.BAD_AUTH, checker.verify(1, buf, 0, len));
    }

    @Test
    void verifiesWithAnyConfiguredKeySoKeysCanBeRolled() {
        AuthKey old = key(1, AuthMethod.MD5, "old".getBytes(StandardCharsets.UTF_8));
        AuthKey current = key(2, AuthMethod.SHA256, SECRET);
        Authenticator oldNode = new Authenticator(AuthKeys.single(old));
        Authenticator newNode = new Authenticator(new AuthKeys(2, Map.of(1, old, 2, current)));
        byte[] buf = new byte[100];
        int len = oldNode.sign(buf, 30);
        assertEquals(Authenticator.Verdict.OK, newNode.verify(1, buf, 0, len));
    }

    @Test
    void packetShorterThanItsSignatureIsTooShort() {
        Authenticator a = new Authenticator(AuthKeys.single(key(1, AuthMethod.SHA512, SECRET)));
        assertEquals(Authenticator.Verdict.TOO_SHORT, a.verify(1, new byte[10], 0, 10));
    }
}
