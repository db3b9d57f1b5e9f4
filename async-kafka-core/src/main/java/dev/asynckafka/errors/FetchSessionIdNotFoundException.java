package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#FETCH_SESSION_ID_NOT_FOUND}: the broker has no incremental fetch
 * session with this id, having evicted or expired it.
 */
public class FetchSessionIdNotFoundException extends RetriableException {
    private static final long serialVersionUID = 1L;

    public FetchSessionIdNotFoundException(String message) {
        super(message);
    }

    public FetchSessionIdNotFoundException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
