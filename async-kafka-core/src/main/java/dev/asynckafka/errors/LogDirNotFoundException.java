package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#LOG_DIR_NOT_FOUND}: the named log directory does not exist on the
 * broker.
 */
public class LogDirNotFoundException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public LogDirNotFoundException(String message) {
        super(message);
    }

    public LogDirNotFoundException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
