package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#INVALID_VOTER_KEY}: the KRaft voter's directory id or key does not
 * match.
 */
public class InvalidVoterKeyException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public InvalidVoterKeyException(String message) {
        super(message);
    }

    public InvalidVoterKeyException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
