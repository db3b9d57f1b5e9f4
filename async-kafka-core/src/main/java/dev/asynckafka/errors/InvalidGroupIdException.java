package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#INVALID_GROUP_ID}: the group id is empty or otherwise not acceptable.
 */
public class InvalidGroupIdException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public InvalidGroupIdException(String message) {
        super(message);
    }

    public InvalidGroupIdException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
