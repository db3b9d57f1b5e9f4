package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/** Thrown for {@link ErrorCode#INVALID_UPDATE_VERSION}: the version of an update is invalid. */
public class InvalidUpdateVersionException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public InvalidUpdateVersionException(String message) {
        super(message);
    }

    public InvalidUpdateVersionException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
