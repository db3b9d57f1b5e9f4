package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#ILLEGAL_SASL_STATE}: a SASL request arrived that is not valid at this
 * point of the authentication exchange.
 */
public class IllegalSaslStateException extends AuthenticationException {
    private static final long serialVersionUID = 1L;

    public IllegalSaslStateException(String message) {
        super(message);
    }

    public IllegalSaslStateException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
