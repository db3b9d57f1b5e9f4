package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#UNSUPPORTED_SASL_MECHANISM}: the broker does not enable the requested
 * SASL mechanism.
 */
public class UnsupportedSaslMechanismException extends AuthenticationException {
    private static final long serialVersionUID = 1L;

    public UnsupportedSaslMechanismException(String message) {
        super(message);
    }

    public UnsupportedSaslMechanismException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
