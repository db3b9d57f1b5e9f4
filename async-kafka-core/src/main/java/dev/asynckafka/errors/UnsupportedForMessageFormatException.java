package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#UNSUPPORTED_FOR_MESSAGE_FORMAT}: the operation needs a newer message
 * format than the topic uses.
 */
public class UnsupportedForMessageFormatException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public UnsupportedForMessageFormatException(String message) {
        super(message);
    }

    public UnsupportedForMessageFormatException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
