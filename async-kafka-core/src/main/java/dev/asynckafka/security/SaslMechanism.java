package dev.asynckafka.security;

/** {@code sasl.mechanism}: the SASL mechanisms this client implements. */
public enum SaslMechanism {
    /** User name and password in clear (RFC 4616); only over TLS outside tests. */
    PLAIN("PLAIN"),
    /** Salted challenge-response with SHA-256 (RFC 5802, RFC 7677); the password never travels. */
    SCRAM_SHA_256("SCRAM-SHA-256"),
    /** Salted challenge-response with SHA-512. */
    SCRAM_SHA_512("SCRAM-SHA-512"),
    /** A bearer token (RFC 7628) from a pluggable asynchronous {@link OAuthBearerTokenProvider}. */
    OAUTHBEARER("OAUTHBEARER");

    private final String mechanismName;

    SaslMechanism(String mechanismName) {
        this.mechanismName = mechanismName;
    }

    /** The name on the wire and in kafka-clients' {@code sasl.mechanism}, such as {@code SCRAM-SHA-256}. */
    public String mechanismName() {
        return mechanismName;
    }

    /**
     * The mechanism with the given wire name.
     *
     * @throws IllegalArgumentException naming the supported mechanisms (GSSAPI is not supported yet)
     */
    public static SaslMechanism forName(String name) {
        for (SaslMechanism m : values()) {
            if (m.mechanismName.equalsIgnoreCase(name.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("Unsupported sasl.mechanism '" + name
                + "': supported are PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 and OAUTHBEARER (GSSAPI is not supported yet)");
    }
}
