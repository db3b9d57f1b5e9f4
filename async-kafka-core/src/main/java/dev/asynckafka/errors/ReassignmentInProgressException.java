package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#REASSIGNMENT_IN_PROGRESS}: the partition is being reassigned, which
 * blocks the operation.
 */
public class ReassignmentInProgressException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public ReassignmentInProgressException(String message) {
        super(message);
    }

    public ReassignmentInProgressException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
