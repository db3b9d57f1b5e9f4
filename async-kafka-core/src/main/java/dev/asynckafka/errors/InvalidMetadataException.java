package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Base of the retriable failures that mean cached cluster metadata is stale: refresh it, then
 * retry.
 */
public class InvalidMetadataException extends RetriableException {
    private static final long serialVersionUID = 1L;

    public InvalidMetadataException(String message) {
        super(message);
    }

    public InvalidMetadataException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
