package io.tandem.messaging.udp.internal;

import io.tandem.messaging.config.AuthKey;
import io.tandem.messaging.config.AuthKeys;
import io.tandem.messaging.config.AuthMethod;
import java.security.GeneralSecurityException;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * The authentication layer: a one-byte key index in the packet header (written by the framing layer) and a
 * signature trailer over every byte before it. Holds one {@link Mac} per key and reuses it, so it belongs to
 * one thread (the engine's).
 */
final class Authenticator {
    enum Verdict { OK, UNKNOWN_KEY, BAD_AUTH, TOO_SHORT }

    private final AuthKeys keys;
    private final Mac[] macs = new Mac[256];
    private final AuthMethod[] methods = new AuthMethod[256];
    private final CRC32 crc = new CRC32();
    private final byte[] expected = new byte[64];

    Authenticator(AuthKeys keys) {
        this.keys = keys;
        for (AuthKey key : keys.keys().values()) {
            methods[key.index()] = key.method();
            if (key.method().needsKey()) {
                try {
                    Mac mac = Mac.getInstance(key.method().macAlgorithm());
                    mac.init(new SecretKeySpec(key.secret(), key.method().macAlgorithm()));
                    macs[key.index()] = mac;
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("this JVM cannot compute " + key.method().macAlgorithm(), e);
                }
            }
        }
    }

    int signingIndex() {
        return keys.signingIndex();
    }

    AuthMethod signingMethod() {
        return methods[keys.signingIndex()];
    }

    /** Trailer length of the signing key. */
    int signatureBytes() {
        return methods[keys.signingIndex()].signatureBytes();
    }

    /** Largest trailer of any accepted key. */
    int maxSignatureBytes() {
        int max = 0;
        for (AuthMethod m : methods) {
            if (m != null) {
                max = Math.max(max, m.signatureBytes());
            }
        }
        return max;
    }

    /** Appends the signature of {@code buf[0, length)} at {@code length}; returns the new length. */
    int sign(byte[] buf, int length) {
        int index = keys.signingIndex();
        compute(index, buf, 0, length, buf, length);
        return length + methods[index].signatureBytes();
    }

    /** Checks the trailer of {@code buf[off, off+length)} signed with {@code keyIndex}. */
    Verdict verify(int keyIndex, byte[] buf, int off, int length) {
        AuthMethod method = methods[keyIndex & 0xff];
        if (method == null) {
            return Verdict.UNKNOWN_KEY;
        }
        int sigLen = method.signatureBytes();
        if (length < sigLen) {
            return Verdict.TOO_SHORT;
        }
        int signedLen = length - sigLen;
        compute(keyIndex & 0xff, buf, off, signedLen, expected, 0);
        int diff = 0;
        for (int i = 0; i < sigLen; i++) {
            diff |= expected[i] ^ buf[off + signedLen + i];
        }
        return diff == 0 ? Verdict.OK : Verdict.BAD_AUTH;
    }

    /** Trailer length for {@code keyIndex}, or -1 if unknown. */
    int signatureBytes(int keyIndex) {
        AuthMethod m = methods[keyIndex & 0xff];
        return m == null ? -1 : m.signatureBytes();
    }

    private void compute(int index, byte[] in, int off, int len, byte[] out, int outOff) {
        Mac mac = macs[index];
        if (mac == null) {
            crc.reset();
            crc.update(in, off, len);
            int v = (int) crc.getValue();
            out[outOff] = (byte) (v >>> 24);
            out[outOff + 1] = (byte) (v >>> 16);
            out[outOff + 2] = (byte) (v >>> 8);
            out[outOff + 3] = (byte) v;
            return;
        }
        mac.update(in, off, len);
        try {
            mac.doFinal(out, outOff);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
