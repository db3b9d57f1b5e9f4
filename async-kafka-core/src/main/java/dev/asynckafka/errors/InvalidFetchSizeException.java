package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/** Thrown for {@link ErrorCode#INVALID_FETCH_SIZE}: a fetch asked for a size the broker rejects. */
public class InvalidFetchSizeException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public InvalidFetchSizeException(String message) {
        super(message);
    }

    public InvalidFetchSizeException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
