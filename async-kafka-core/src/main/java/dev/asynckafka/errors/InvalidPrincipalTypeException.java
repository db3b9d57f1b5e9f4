package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/** Thrown for {@link ErrorCode#INVALID_PRINCIPAL_TYPE}: the principal type is not supported. */
public class InvalidPrincipalTypeException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public InvalidPrincipalTypeException(String message) {
        super(message);
    }

    public InvalidPrincipalTypeException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
