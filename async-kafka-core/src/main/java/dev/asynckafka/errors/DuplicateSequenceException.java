package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#DUPLICATE_SEQUENCE_NUMBER}: the broker already holds a batch with
 * this producer sequence number.
 */
public class DuplicateSequenceException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public DuplicateSequenceException(String message) {
        super(message);
    }

    public DuplicateSequenceException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
