package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#OPERATION_NOT_ATTEMPTED}: the broker skipped this operation because
 * another part of the same request failed.
 */
public class OperationNotAttemptedException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public OperationNotAttemptedException(String message) {
        super(message);
    }

    public OperationNotAttemptedException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
