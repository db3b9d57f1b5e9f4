package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/** Thrown for {@link ErrorCode#SNAPSHOT_NOT_FOUND}: the requested KRaft snapshot does not exist. */
public class SnapshotNotFoundException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public SnapshotNotFoundException(String message) {
        super(message);
    }

    public SnapshotNotFoundException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
