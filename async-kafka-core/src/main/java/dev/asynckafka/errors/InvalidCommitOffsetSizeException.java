package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#INVALID_COMMIT_OFFSET_SIZE}: an offset commit was rejected because of
 * its size.
 */
public class InvalidCommitOffsetSizeException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public InvalidCommitOffsetSizeException(String message) {
        super(message);
    }

    public InvalidCommitOffsetSizeException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
