package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#ELIGIBLE_LEADERS_NOT_AVAILABLE}: no replica eligible for the
 * requested election type is available.
 */
public class EligibleLeadersNotAvailableException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    public EligibleLeadersNotAvailableException(String message) {
        super(message);
    }

    public EligibleLeadersNotAvailableException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
