package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Bytes on the wire did not form a valid Kafka protocol message: a truncated frame, a negative or
 * absurd length, an invalid varint or UTF-8 string. The connection that produced them is closed.
 */
public class ProtocolDecodeException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public ProtocolDecodeException(String message) {
        super(message);
    }

    public ProtocolDecodeException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
