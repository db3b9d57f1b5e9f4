package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#OFFSET_NOT_AVAILABLE}: the leader cannot serve the offset yet, for
 * example while its high watermark catches up after an election.
 */
public class OffsetNotAvailableException extends RetriableException {
    private static final long serialVersionUID = 1L;

    public OffsetNotAvailableException(String message) {
        super(message);
    }

    public OffsetNotAvailableException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
