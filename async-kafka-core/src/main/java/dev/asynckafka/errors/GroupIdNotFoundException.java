package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/** Thrown for {@link ErrorCode#GROUP_ID_NOT_FOUND}: the coordinator has no group with this id. */
public class GroupIdNotFoundException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public GroupIdNotFoundException(String message) {
        super(message);
    }

    public GroupIdNotFoundException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
