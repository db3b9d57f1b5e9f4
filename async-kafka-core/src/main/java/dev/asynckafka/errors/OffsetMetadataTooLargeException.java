package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#OFFSET_METADATA_TOO_LARGE}: the metadata string attached to an offset
 * commit is longer than the broker allows.
 */
public class OffsetMetadataTooLargeException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public OffsetMetadataTooLargeException(String message) {
        super(message);
    }

    public OffsetMetadataTooLargeException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
