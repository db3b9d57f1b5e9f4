package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#FENCED_STATE_EPOCH}: an update of share partition state carried a
 * stale state epoch.
 */
public class FencedStateEpochException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public FencedStateEpochException(String message) {
        super(message);
    }

    public FencedStateEpochException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
