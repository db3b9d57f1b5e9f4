package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * The TLS handshake with a broker failed: an untrusted certificate, a host name the certificate does
 * not name, no common protocol or cipher. Not retriable: the same settings fail again.
 */
public class SslAuthenticationException extends AuthenticationException {
    private static final long serialVersionUID = 1L;

    public SslAuthenticationException(String message) {
        super(message);
    }

    public SslAuthenticationException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
