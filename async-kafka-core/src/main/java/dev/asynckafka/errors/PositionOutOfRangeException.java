package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#POSITION_OUT_OF_RANGE}: a snapshot fetch position lies outside the
 * snapshot.
 */
public class PositionOutOfRangeException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public PositionOutOfRangeException(String message) {
        super(message);
    }

    public PositionOutOfRangeException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
