package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#NEW_LEADER_ELECTED}: the in-sync replica change was dropped because a
 * new leader was elected.
 */
public class NewLeaderElectedException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public NewLeaderElectedException(String message) {
        super(message);
    }

    public NewLeaderElectedException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
