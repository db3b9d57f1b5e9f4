package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#INVALID_CONFIG}, when a broker rejects a configuration value, and for
 * invalid client options.
 */
public class InvalidConfigurationException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public InvalidConfigurationException(String message) {
        super(message);
    }

    public InvalidConfigurationException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
