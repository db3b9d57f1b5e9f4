package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#FENCED_INSTANCE_ID}: another member joined with the same group
 * instance id and fenced this one.
 */
public class FencedInstanceIdException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public FencedInstanceIdException(String message) {
        super(message);
    }

    public FencedInstanceIdException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
