package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#OFFSET_OUT_OF_RANGE}: a fetch or reset asked for an offset outside
 * the range the partition's log holds.
 */
public class OffsetOutOfRangeException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public OffsetOutOfRangeException(String message) {
        super(message);
    }

    public OffsetOutOfRangeException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
