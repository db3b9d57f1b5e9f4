package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#SHARE_SESSION_NOT_FOUND}: the broker has no share session matching
 * the request.
 */
public class ShareSessionNotFoundException extends RetriableException {
    private static final long serialVersionUID = 1L;

    public ShareSessionNotFoundException(String message) {
        super(message);
    }

    public ShareSessionNotFoundException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
