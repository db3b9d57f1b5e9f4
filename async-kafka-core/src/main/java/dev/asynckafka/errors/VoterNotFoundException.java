package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/** Thrown for {@link ErrorCode#VOTER_NOT_FOUND}: the voter is not part of the KRaft voter set. */
public class VoterNotFoundException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public VoterNotFoundException(String message) {
        super(message);
    }

    public VoterNotFoundException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
