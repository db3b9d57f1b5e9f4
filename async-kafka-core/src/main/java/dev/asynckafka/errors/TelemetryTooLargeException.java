package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#TELEMETRY_TOO_LARGE}: a client telemetry push is larger than the
 * broker accepts.
 */
public class TelemetryTooLargeException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public TelemetryTooLargeException(String message) {
        super(message);
    }

    public TelemetryTooLargeException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
