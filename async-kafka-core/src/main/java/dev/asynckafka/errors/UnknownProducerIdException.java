package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#UNKNOWN_PRODUCER_ID}: the broker holds no state for the producer id,
 * usually because retention removed its records.
 */
public class UnknownProducerIdException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public UnknownProducerIdException(String message) {
        super(message);
    }

    public UnknownProducerIdException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
