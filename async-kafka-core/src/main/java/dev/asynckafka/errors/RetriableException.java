package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/** A failure that may go away if the operation is tried again. */
public class RetriableException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public RetriableException(String message) {
        super(message);
    }

    public RetriableException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

    @Override
    public final boolean isRetriable() {
        return true;
    }
}
