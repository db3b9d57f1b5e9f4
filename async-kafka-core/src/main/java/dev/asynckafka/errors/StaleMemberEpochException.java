package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#STALE_MEMBER_EPOCH}: an offset commit carried a member epoch older
 * than the member's current one.
 */
public class StaleMemberEpochException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public StaleMemberEpochException(String message) {
        super(message);
    }

    public StaleMemberEpochException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
