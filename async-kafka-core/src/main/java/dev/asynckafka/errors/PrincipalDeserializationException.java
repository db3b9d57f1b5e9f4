package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#PRINCIPAL_DESERIALIZATION_FAILURE}: the principal of a forwarded
 * request could not be deserialized.
 */
public class PrincipalDeserializationException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public PrincipalDeserializationException(String message) {
        super(message);
    }

    public PrincipalDeserializationException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
