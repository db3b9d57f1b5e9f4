package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#POLICY_VIOLATION}: the request violates a policy configured on the
 * broker, such as a topic creation policy.
 */
public class PolicyViolationException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public PolicyViolationException(String message) {
        super(message);
    }

    public PolicyViolationException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
