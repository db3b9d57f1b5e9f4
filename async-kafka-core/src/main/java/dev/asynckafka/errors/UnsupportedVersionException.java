package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * The broker and this client share no version of an API, or a request used a field that the
 * negotiated version cannot carry (Kafka error code 35, {@code UNSUPPORTED_VERSION}).
 */
public class UnsupportedVersionException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public UnsupportedVersionException(String message) {
        super(message);
    }

    public UnsupportedVersionException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
