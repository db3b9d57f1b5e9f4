package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#SHARE_SESSION_LIMIT_REACHED}: the broker already holds as many share
 * sessions as it allows.
 */
public class ShareSessionLimitReachedException extends RetriableException {
    private static final long serialVersionUID = 1L;

    public ShareSessionLimitReachedException(String message) {
        super(message);
    }

    public ShareSessionLimitReachedException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
