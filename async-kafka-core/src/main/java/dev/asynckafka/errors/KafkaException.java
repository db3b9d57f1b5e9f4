package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Base of every exception async-kafka completes a future with.
 *
 * <p>{@link #isRetriable()} tells whether the same operation may succeed if tried again (a leader
 * moved, a broker restarted, a request timed out). Retriable failures extend {@link
 * RetriableException}, so both {@code instanceof} checks and the flag work.
 */
public class KafkaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KafkaException(String message) {
        super(message);
    }

    public KafkaException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

    /** Whether trying the same operation again may succeed. */
    public boolean isRetriable() {
        return false;
    }
}
