package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#UNSUPPORTED_COMPRESSION_TYPE}: the request version cannot carry the
 * compression type the topic uses.
 */
public class UnsupportedCompressionTypeException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public UnsupportedCompressionTypeException(String message) {
        super(message);
    }

    public UnsupportedCompressionTypeException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
