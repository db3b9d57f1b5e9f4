package dev.asynckafka.internal.security;

import dev.asynckafka.errors.SaslAuthenticationException;
import dev.asynckafka.security.Password;
import dev.asynckafka.security.SaslOptions;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SASL/SCRAM-SHA-256 and -512 (RFC 5802, RFC 7677) with the JDK's crypto: client-first,
 * server-first (nonce, salt, iterations), client-final with the proof, then the server's signature,
 * which is verified, so a server that does not know the password cannot pass itself off.
 */
final class ScramSaslClient implements SaslClient {
    /** The hash functions Kafka offers. */
    enum Algorithm {
        SHA_256("SCRAM-SHA-256", "SHA-256", "HmacSHA256", "PBKDF2WithHmacSHA256", 256),
        SHA_512("SCRAM-SHA-512", "SHA-512", "HmacSHA512", "PBKDF2WithHmacSHA512", 512);

        final String mechanism;
        final String digest;
        final String hmac;
        final String pbkdf2;
        final int bits;

        Algorithm(String mechanism, String digest, String hmac, String pbkdf2, int bits) {
            this.mechanism = mechanism;
            this.digest = digest;
            this.hmac = hmac;
            this.pbkdf2 = pbkdf2;
            this.bits = bits;
        }
    }

    /** Kafka refuses fewer iterations; so do we, against a downgrading server. */
    static final int MIN_ITERATIONS = Scram.MIN_ITERATIONS;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Algorithm algorithm;
    private final String username;
    private final Password password;
    private final String clientNonce;
    private String clientFirstBare = "";
    private byte[] expectedServerSignature = new byte[0];
    private int step;

    ScramSaslClient(SaslOptions options, Algorithm algorithm) {
        this(options, algorithm, newNonce());
    }

    ScramSaslClient(SaslOptions options, Algorithm algorithm, String clientNonce) {
        this.algorithm = algorithm;
        this.username = Objects.requireNonNull(options.username());
        this.password = Objects.requireNonNull(options.password());
        this.clientNonce = clientNonce;
    }

    private static String newNonce() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder()
                .withoutPadding()
                .encodeToString(bytes)
                .replace('+', '-')
                .replace('/', '_');
    }

    @Override
    public String mechanismName() {
        return algorithm.mechanism;
    }

    @Override
    public CompletableFuture<byte[]> initialResponse() {
        clientFirstBare = "n=" + saslName(username) + ",r=" + clientNonce;
        step = 1;
        return CompletableFuture.completedFuture(("n,," + clientFirstBare).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] evaluate(byte[] serverMessage) {
        String message = new String(serverMessage, StandardCharsets.UTF_8);
        if (step == 1) {
            step = 2;
            return clientFinal(message);
        }
        if (step == 2) {
            verifyServerFinal(message);
            step = 3;
            return new byte[0];
        }
        throw new SaslAuthenticationException("Unexpected SCRAM message after the exchange completed");
    }

    @Override
    public boolean isComplete() {
        return step == 3;
    }

    private byte[] clientFinal(String serverFirst) {
        Map<String, String> attrs = attributes(serverFirst);
        String nonce = attrs.get("r");
        String salt = attrs.get("s");
        String iterationsText = attrs.get("i");
        if (attrs.containsKey("e")) {
            throw new SaslAuthenticationException("The broker rejected the SCRAM exchange: " + attrs.get("e"));
        }
        if (nonce == null || salt == null || iterationsText == null) {
            throw new SaslAuthenticationException(
                    "Invalid SCRAM server-first message: missing nonce, salt or iterations");
        }
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
            throw new SaslAuthenticationException("Invalid SCRAM server-first message: the nonce does not extend ours");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(iterationsText);
        } catch (NumberFormatException e) {
            throw new SaslAuthenticationException("Invalid SCRAM iteration count '" + iterationsText + "'");
        }
        if (iterations < MIN_ITERATIONS) {
            throw new SaslAuthenticationException(
                    "SCRAM iteration count " + iterations + " is below the minimum of " + MIN_ITERATIONS);
        }
        byte[] saltBytes;
        try {
            saltBytes = Base64.getDecoder().decode(salt);
        } catch (IllegalArgumentException e) {
            throw new SaslAuthenticationException("Invalid SCRAM salt: not base64");
        }
        try {
            byte[] saltedPassword = hi(saltBytes, iterations);
            byte[] clientKey = hmac(saltedPassword, "Client Key");
            byte[] storedKey = MessageDigest.getInstance(algorithm.digest).digest(clientKey);
            String withoutProof = "c=biws,r=" + nonce;
            String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
            byte[] clientSignature = hmac(storedKey, authMessage);
            byte[] proof = new byte[clientKey.length];
            for (int i = 0; i < proof.length; i++) {
                proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
            }
            byte[] serverKey = hmac(saltedPassword, "Server Key");
            expectedServerSignature = hmac(serverKey, authMessage);
            return (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new SaslAuthenticationException("SCRAM computation failed: " + e.getMessage(), e);
        }
    }

    private void verifyServerFinal(String serverFinal) {
        Map<String, String> attrs = attributes(serverFinal);
        if (attrs.containsKey("e")) {
            throw new SaslAuthenticationException("The broker rejected the SCRAM proof: " + attrs.get("e"));
        }
        String v = attrs.get("v");
        if (v == null) {
            throw new SaslAuthenticationException("Invalid SCRAM server-final message: no server signature");
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            throw new SaslAuthenticationException("Invalid SCRAM server signature: not base64");
        }
        if (!MessageDigest.isEqual(signature, expectedServerSignature)) {
            throw new SaslAuthenticationException(
                    "The broker's SCRAM signature is wrong: it does not know this user's credentials");
        }
    }

    private byte[] hi(byte[] salt, int iterations) throws GeneralSecurityException {
        char[] chars = password.chars();
        try {
            return Scram.saltedPassword(algorithm.bits, chars, salt, iterations);
        } finally {
            java.util.Arrays.fill(chars, '\0');
        }
    }

    private byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance(algorithm.hmac);
        mac.init(new SecretKeySpec(key, algorithm.hmac));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    /** RFC 5802 saslname: '=' and ',' escaped. */
    static String saslName(String name) {
        return name.replace("=", "=3D").replace(",", "=2C");
    }

    private static Map<String, String> attributes(String message) {
        Map<String, String> map = new HashMap<>();
        for (String part : message.split(",")) {
            if (part.length() >= 2 && part.charAt(1) == '=') {
                map.putIfAbsent(part.substring(0, 1), part.substring(2));
            }
        }
        return map;
    }
}
