package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Base of every exception async-kafka completes a future with.
 *
 * <p>{@link #isRetriable()} tells whether the same operation may succeed if tried again (a leader
 * moved, a broker restarted, a request timed out). Retriable failures extend {@link
 * RetriableException}, so both {@code instanceof} checks and the flag work.
 *
 * <p>{@link #errorCode()} is the Kafka error code a broker answered with, or {@code null} for
 * failures detected on the client side.
 */
public class KafkaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private @Nullable ErrorCode errorCode;

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

    /**
     * The Kafka error code this exception was created for, or {@code null} when the failure was
     * detected by the client rather than reported by a broker.
     */
    public @Nullable ErrorCode errorCode() {
        return errorCode;
    }

    /** Records the broker error code; called only by {@link ErrorCode}'s factories. */
    final KafkaException withErrorCode(ErrorCode code) {
        this.errorCode = code;
        return this;
    }
}
