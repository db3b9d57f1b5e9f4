package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#NON_EMPTY_GROUP}: the group still has members, so it cannot be
 * deleted.
 */
public class GroupNotEmptyException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public GroupNotEmptyException(String message) {
        super(message);
    }

    public GroupNotEmptyException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
