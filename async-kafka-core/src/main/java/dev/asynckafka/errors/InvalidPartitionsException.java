package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#INVALID_PARTITIONS}: the requested number of partitions is invalid.
 */
public class InvalidPartitionsException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public InvalidPartitionsException(String message) {
        super(message);
    }

    public InvalidPartitionsException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
