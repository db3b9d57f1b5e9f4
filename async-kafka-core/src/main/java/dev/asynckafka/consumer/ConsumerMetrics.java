package dev.asynckafka.consumer;

import dev.asynckafka.common.TopicPartition;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A point-in-time snapshot of a consumer's group membership, rebalances and per-partition progress,
 * for polling (for example by a Micrometer binder or a health check). Taken by {@link
 * AsyncKafkaConsumer#metrics()} from state the event loop publishes, so it costs no I/O; values
 * read from different partitions may be a few microseconds apart. Counters count from the
 * consumer's creation.
 *
 * @param groupId the consumer group, or {@code null} for a consumer without {@code group.id}
 * @param memberId the member id the group coordinator gave, or empty while not a member
 * @param generation the group generation joined, or -1 while not a member (and without a group)
 * @param groupState where the membership stands; {@link GroupState#NONE} without a group
 * @param rebalances rebalances completed: joined, synced and the listener's assignment callbacks run
 * @param failedRebalances rebalance attempts that ended in an error (the member retries after a
 *     backoff, which then counts as a new attempt)
 * @param rebalanceTimeTotal time spent in completed rebalances, from the start of the join to the
 *     end of the assignment callbacks
 * @param lastRebalanceDuration the duration of the last completed rebalance, zero before the first
 * @param rebalanceInProgress whether a rebalance is under way right now
 * @param lastAssignmentEpochMs wall-clock time (epoch milliseconds) at which the consumer last got
 *     an assignment: from the group, from a group-less subscription or from {@code assign}; -1 if
 *     never
 * @param partitions the assigned partitions and their progress; its key set is the assignment
 * @param groupProtocol the group protocol the member speaks ({@code group.protocol}), or {@code
 *     null} without a group; under {@link GroupProtocol#CONSUMER} {@code generation} is the member
 *     epoch
 */
public record ConsumerMetrics(
        @Nullable String groupId,
        String memberId,
        int generation,
        GroupState groupState,
        long rebalances,
        long failedRebalances,
        Duration rebalanceTimeTotal,
        Duration lastRebalanceDuration,
        boolean rebalanceInProgress,
        long lastAssignmentEpochMs,
        Map<TopicPartition, PartitionMetrics> partitions,
        @Nullable GroupProtocol groupProtocol) {

    /** Copies the partition map, so a snapshot never changes. */
    public ConsumerMetrics {
        partitions = Map.copyOf(partitions);
    }

    /** The assigned partitions (the key set of {@link #partitions()}). */
    public Set<TopicPartition> assignment() {
        return partitions.keySet();
    }

    /** Where a consumer's group membership stands. */
    public enum GroupState {
        /** The consumer has no {@code group.id}. */
        NONE,
        /** Not a member: not subscribed, left the group, or waiting to retry a failed join. */
        UNJOINED,
        /** Joining, syncing, or running the rebalance listener's callbacks. */
        REBALANCING,
        /** A member of the current generation with its assignment in place. */
        STABLE,
        /**
         * Gave up on the group after an error it cannot recover from (for example a fenced static
         * member); commits fail until the consumer is recreated.
         */
        FAILED
    }

    /**
     * One assigned partition's progress. Offsets are -1 while unknown.
     *
     * @param position the offset of the next record the application gets from this consumer
     * @param highWatermark the high watermark from the partition's last fetch response
     * @param committedOffset the last offset this consumer knows to be committed for the partition:
     *     fetched from the group when the partition was assigned, or committed through this consumer
     *     since
     * @param bufferedRecords records decoded and buffered, not yet handed out
     * @param bufferedBytes bytes in the partition's prefetch buffer as fetched (compressed), decoded
     *     or not
     */
    public record PartitionMetrics(
            long position, long highWatermark, long committedOffset, int bufferedRecords, long bufferedBytes) {

        /**
         * Records between the position and the high watermark ({@code highWatermark - position}),
         * never negative; -1 while either is unknown.
         */
        public long lag() {
            return position < 0 || highWatermark < 0 ? -1 : Math.max(0, highWatermark - position);
        }

        /**
         * Records between the committed offset and the high watermark ({@code highWatermark -
         * committedOffset}), never negative; -1 while either is unknown.
         */
        public long committedLag() {
            return committedOffset < 0 || highWatermark < 0 ? -1 : Math.max(0, highWatermark - committedOffset);
        }
    }
}
