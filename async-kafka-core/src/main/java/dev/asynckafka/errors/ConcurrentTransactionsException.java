package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#CONCURRENT_TRANSACTIONS}: an earlier transaction of this producer is
 * still being completed.
 */
public class ConcurrentTransactionsException extends RetriableException {
    private static final long serialVersionUID = 1L;

    public ConcurrentTransactionsException(String message) {
        super(message);
    }

    public ConcurrentTransactionsException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
