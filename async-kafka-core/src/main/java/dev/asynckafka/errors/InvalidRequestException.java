package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#INVALID_REQUEST}: the broker could not make sense of the request,
 * which points to a client bug or version mismatch.
 */
public class InvalidRequestException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String message) {
        super(message);
    }

    public InvalidRequestException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
