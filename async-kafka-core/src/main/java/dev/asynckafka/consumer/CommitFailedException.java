package dev.asynckafka.consumer;

import dev.asynckafka.errors.KafkaException;
import org.jspecify.annotations.Nullable;

/**
 * An offset commit that cannot succeed: the member is no longer part of the group generation the
 * commit belongs to — the group rebalanced without it (its session expired, it left after {@code
 * max.poll.interval.ms}, or it was removed or fenced by a newer member with the same {@code
 * group.instance.id}). Its partitions may already be owned by another member, which consumes from
 * the last successful commit. Not retriable: the member rejoins (on its next {@code getMany} if it
 * left on a poll timeout), receives a new assignment, and commits positions from there.
 */
public class CommitFailedException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public CommitFailedException(String message) {
        super(message);
    }

    public CommitFailedException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
