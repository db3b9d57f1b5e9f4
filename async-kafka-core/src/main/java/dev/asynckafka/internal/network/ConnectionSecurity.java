package dev.asynckafka.internal.network;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.internal.security.TlsContexts;
import dev.asynckafka.security.SaslOptions;
import io.netty.handler.ssl.SslContext;
import org.jspecify.annotations.Nullable;

/**
 * What a client's connections need to protect themselves: the TLS context (built once per client)
 * and the SASL settings, as {@code security.protocol} asks.
 *
 * @param tls the TLS context, or null for PLAINTEXT and SASL_PLAINTEXT
 * @param sasl the SASL settings, or null for PLAINTEXT and SSL
 */
public record ConnectionSecurity(
        @Nullable SslContext tls, @Nullable SaslOptions sasl) {
    /** No TLS, no SASL. */
    public static final ConnectionSecurity NONE = new ConnectionSecurity(null, null);

    /** Builds the TLS context if needed; reads key material files once, on the calling thread. */
    public static ConnectionSecurity of(ClientOptions options) {
        SslContext tls = options.securityProtocol().usesTls() ? TlsContexts.create(options.ssl()) : null;
        SaslOptions sasl = options.securityProtocol().usesSasl() ? options.sasl() : null;
        return new ConnectionSecurity(tls, sasl);
    }
}
