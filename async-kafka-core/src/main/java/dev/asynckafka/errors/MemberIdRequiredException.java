package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#MEMBER_ID_REQUIRED}: the member has to rejoin the group with the
 * member id the coordinator just assigned.
 */
public class MemberIdRequiredException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public MemberIdRequiredException(String message) {
        super(message);
    }

    public MemberIdRequiredException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
