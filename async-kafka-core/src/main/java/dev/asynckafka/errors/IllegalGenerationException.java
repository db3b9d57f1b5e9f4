package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#ILLEGAL_GENERATION}: the group member used a generation id that is
 * not the group's current one.
 */
public class IllegalGenerationException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public IllegalGenerationException(String message) {
        super(message);
    }

    public IllegalGenerationException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
