package dev.asynckafka.security;

/** {@code security.protocol}: how connections to brokers are protected. */
public enum SecurityProtocol {
    /** No TLS, no authentication. */
    PLAINTEXT(false, false),
    /** TLS; the client may authenticate with a certificate. */
    SSL(true, false),
    /** SASL authentication without TLS (credentials of PLAIN travel in clear: test use only). */
    SASL_PLAINTEXT(false, true),
    /** SASL authentication over TLS: what managed Kafka services require. */
    SASL_SSL(true, true);

    private final boolean tls;
    private final boolean sasl;

    SecurityProtocol(boolean tls, boolean sasl) {
        this.tls = tls;
        this.sasl = sasl;
    }

    /** Whether connections use TLS. */
    public boolean usesTls() {
        return tls;
    }

    /** Whether connections authenticate with SASL. */
    public boolean usesSasl() {
        return sasl;
    }
}
