package dev.asynckafka.reactor;

import dev.asynckafka.common.TopicPartition;
import java.util.Objects;
import java.util.Set;

/**
 * A change to a receiver's assignment, as published by {@link KafkaReceiver#rebalanceEvents()}.
 *
 * @param type what happened
 * @param partitions the partitions concerned (may be empty for an assignment under the cooperative
 *     protocol)
 */
public record RebalanceEvent(Type type, Set<TopicPartition> partitions) {
    /** Copies the partitions. */
    public RebalanceEvent {
        Objects.requireNonNull(type, "type");
        partitions = Set.copyOf(partitions);
    }

    /** What happened to the partitions. */
    public enum Type {
        /** The partitions were assigned (by the group, a group-less subscription, or manual assignment). */
        ASSIGNED,
        /**
         * The partitions were revoked while the consumer was still a member: their acknowledged
         * offsets were committed before this event, and their per-partition {@code Flux}es completed.
         */
        REVOKED,
        /**
         * The partitions were lost (the member left its generation): nothing could be committed for
         * them; unacknowledged and uncommitted records are delivered again to their next owner.
         */
        LOST
    }
}
