package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#SASL_AUTHENTICATION_FAILED}: the credentials were rejected during
 * SASL authentication.
 */
public class SaslAuthenticationException extends AuthenticationException {
    private static final long serialVersionUID = 1L;

    public SaslAuthenticationException(String message) {
        super(message);
    }

    public SaslAuthenticationException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
