package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#OUT_OF_ORDER_SEQUENCE_NUMBER}: the broker received a producer
 * sequence number it did not expect.
 */
public class OutOfOrderSequenceException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public OutOfOrderSequenceException(String message) {
        super(message);
    }

    public OutOfOrderSequenceException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
