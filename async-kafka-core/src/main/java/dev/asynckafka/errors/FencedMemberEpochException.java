package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#FENCED_MEMBER_EPOCH}: the coordinator fenced the member epoch, so the
 * member has to rejoin from epoch zero.
 */
public class FencedMemberEpochException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public FencedMemberEpochException(String message) {
        super(message);
    }

    public FencedMemberEpochException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
