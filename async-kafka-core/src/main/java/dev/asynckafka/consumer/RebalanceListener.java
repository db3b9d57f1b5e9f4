package dev.asynckafka.consumer;

import dev.asynckafka.common.TopicPartition;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Lets the application act when a group rebalance takes partitions away or hands new ones to the
 * consumer: commit work in progress, flush state, seek. Each callback returns a {@link
 * CompletionStage}; the consumer's group coordinator waits for it — without blocking a thread —
 * up to {@link ConsumerOptions#rebalanceTimeout()} and then goes on (logging that the listener took
 * too long). Heartbeats continue meanwhile.
 *
 * <p>Callbacks run on {@link ConsumerOptions#executor()}, never on the consumer's I/O loop, one at
 * a time and in rebalance order. A callback that throws or whose stage fails is logged and
 * treated as done.
 *
 * <p>Under the eager protocol ({@code range}, {@code roundrobin}, {@code sticky}) every owned
 * partition is revoked before each rebalance and the new assignment is handed out afterwards.
 * Under the cooperative protocol ({@code cooperative-sticky}, KIP-429) only partitions that move
 * to another member are revoked; partitions that stay are never revoked.
 */
public interface RebalanceListener {
    /** A listener that does nothing. */
    RebalanceListener NOOP = new RebalanceListener() {};

    /**
     * The partitions are taken from this consumer while it is still a member of the group: commit
     * offsets for them here if you commit yourself. With {@code enable.auto.commit} the consumer
     * has committed their positions just before. Not called with an empty set under the cooperative
     * protocol.
     */
    default CompletionStage<Void> onPartitionsRevoked(Set<TopicPartition> partitions) {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * The partitions were added to this consumer's assignment (under the cooperative protocol: only
     * the newly added ones; may be empty). Their starting positions come from the group's committed
     * offsets, else {@code auto.offset.reset}, unless the listener seeks them.
     */
    default CompletionStage<Void> onPartitionsAssigned(Set<TopicPartition> partitions) {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * The partitions were lost: the consumer is no longer a member of the generation that owned
     * them (session expired, fenced, left after {@code max.poll.interval.ms}), so other members may
     * own them already and committing for them would fail. By default calls {@link
     * #onPartitionsRevoked}, as kafka-clients does.
     */
    default CompletionStage<Void> onPartitionsLost(Set<TopicPartition> partitions) {
        return onPartitionsRevoked(partitions);
    }
}
