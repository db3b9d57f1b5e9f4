package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#UNACCEPTABLE_CREDENTIAL}: a SCRAM credential was rejected, for
 * example for too few iterations.
 */
public class UnacceptableCredentialException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public UnacceptableCredentialException(String message) {
        super(message);
    }

    public UnacceptableCredentialException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
