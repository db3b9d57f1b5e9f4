package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/** Client-side: a key or value could not be serialized or deserialized. Not retriable. */
public class SerializationException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public SerializationException(String message) {
        super(message);
    }

    public SerializationException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
