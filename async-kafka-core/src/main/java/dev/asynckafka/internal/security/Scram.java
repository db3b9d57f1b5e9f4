package dev.asynckafka.internal.security;

import java.security.GeneralSecurityException;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * SCRAM primitives shared by the SASL client and the admin client's credential upsertion (which
 * sends the salted password, never the password itself).
 */
public final class Scram {
    /** Kafka refuses fewer iterations. */
    public static final int MIN_ITERATIONS = 4096;

    /** Kafka refuses more iterations. */
    public static final int MAX_ITERATIONS = 16384;

    private Scram() {}

    /**
     * RFC 5802's {@code Hi(password, salt, iterations)}: PBKDF2 with HMAC-SHA-{@code bits}.
     *
     * @param bits 256 or 512
     */
    public static byte[] saltedPassword(int bits, char[] password, byte[] salt, int iterations)
            throws GeneralSecurityException {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bits);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA" + bits)
                    .generateSecret(spec)
                    .getEncoded();
        } finally {
            spec.clearPassword();
        }
    }
}
