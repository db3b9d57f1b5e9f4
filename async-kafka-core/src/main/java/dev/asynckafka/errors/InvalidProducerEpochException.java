package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#INVALID_PRODUCER_EPOCH}: the producer epoch is not the current one
 * for this producer id.
 */
public class InvalidProducerEpochException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public InvalidProducerEpochException(String message) {
        super(message);
    }

    public InvalidProducerEpochException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
