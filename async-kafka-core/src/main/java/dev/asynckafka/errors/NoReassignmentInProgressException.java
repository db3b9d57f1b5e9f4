package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#NO_REASSIGNMENT_IN_PROGRESS}: there is no reassignment in progress to
 * cancel.
 */
public class NoReassignmentInProgressException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public NoReassignmentInProgressException(String message) {
        super(message);
    }

    public NoReassignmentInProgressException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
