package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#DUPLICATE_VOTER}: the voter is already part of the KRaft voter set.
 */
public class DuplicateVoterException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public DuplicateVoterException(String message) {
        super(message);
    }

    public DuplicateVoterException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
