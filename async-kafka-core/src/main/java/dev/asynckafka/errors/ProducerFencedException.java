package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#PRODUCER_FENCED}: a newer producer with the same transactional id has
 * fenced this one.
 */
public class ProducerFencedException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public ProducerFencedException(String message) {
        super(message);
    }

    public ProducerFencedException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
