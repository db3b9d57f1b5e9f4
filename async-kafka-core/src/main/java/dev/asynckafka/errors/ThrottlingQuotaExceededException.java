package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#THROTTLING_QUOTA_EXCEEDED}: a mutation rate quota, such as for topic
 * creations, was exceeded.
 */
public class ThrottlingQuotaExceededException extends RetriableException {
    private static final long serialVersionUID = 1L;

    public ThrottlingQuotaExceededException(String message) {
        super(message);
    }

    public ThrottlingQuotaExceededException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
