package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#UNKNOWN_MEMBER_ID}: the coordinator does not know this member id in
 * the current generation.
 */
public class UnknownMemberIdException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public UnknownMemberIdException(String message) {
        super(message);
    }

    public UnknownMemberIdException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
