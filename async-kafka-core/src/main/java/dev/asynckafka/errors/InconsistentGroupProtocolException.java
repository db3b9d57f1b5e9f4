package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#INCONSISTENT_GROUP_PROTOCOL}: the member's protocol type or protocols
 * do not match those of the group.
 */
public class InconsistentGroupProtocolException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public InconsistentGroupProtocolException(String message) {
        super(message);
    }

    public InconsistentGroupProtocolException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
