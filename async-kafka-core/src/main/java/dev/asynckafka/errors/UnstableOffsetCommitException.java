package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#UNSTABLE_OFFSET_COMMIT}: the group has transactional offset commits
 * pending for the partition.
 */
public class UnstableOffsetCommitException extends RetriableException {
    private static final long serialVersionUID = 1L;

    public UnstableOffsetCommitException(String message) {
        super(message);
    }

    public UnstableOffsetCommitException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
