package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#OFFSET_MOVED_TO_TIERED_STORAGE}: the requested offset is only
 * available in remote (tiered) storage.
 */
public class OffsetMovedToTieredStorageException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public OffsetMovedToTieredStorageException(String message) {
        super(message);
    }

    public OffsetMovedToTieredStorageException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
