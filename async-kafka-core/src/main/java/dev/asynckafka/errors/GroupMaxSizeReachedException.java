package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#GROUP_MAX_SIZE_REACHED}: the group already has as many members as the
 * broker allows.
 */
public class GroupMaxSizeReachedException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public GroupMaxSizeReachedException(String message) {
        super(message);
    }

    public GroupMaxSizeReachedException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
