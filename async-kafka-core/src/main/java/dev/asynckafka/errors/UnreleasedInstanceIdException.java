package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#UNRELEASED_INSTANCE_ID}: the group instance id is still held by a
 * member that has not left.
 */
public class UnreleasedInstanceIdException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public UnreleasedInstanceIdException(String message) {
        super(message);
    }

    public UnreleasedInstanceIdException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
