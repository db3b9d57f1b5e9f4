package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#INCONSISTENT_VOTER_SET}: a KRaft voter's voter set disagrees with the
 * leader's.
 */
public class InconsistentVoterSetException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public InconsistentVoterSetException(String message) {
        super(message);
    }

    public InconsistentVoterSetException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
