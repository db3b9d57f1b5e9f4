package dev.asynckafka.consumer;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.internal.group.Assignors;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Decides which member of a consumer group gets which partitions. Each member offers its
 * assignors ({@link ConsumerOptions#assignors()}, preferred first) in JoinGroup under their {@link
 * #name()}s; the broker picks one that every member offers (by the members' preferences) and the
 * group leader runs it. Members of other clients (kafka-clients) therefore share a group with ours
 * when they use the same names and results.
 *
 * <p>Built in, with kafka-clients' names and results: {@link #range()}, {@link #roundRobin()},
 * {@link #sticky()}, {@link #cooperativeSticky()}. Implement this interface for your own; {@link
 * #assign} runs on the consumer's event loop, so it must be quick and must not block.
 */
public interface PartitionAssignor {
    /** How partitions change hands in a rebalance. */
    enum RebalanceProtocol {
        /** Every member revokes all its partitions before rejoining. */
        EAGER,
        /** Members keep partitions that stay theirs; moved ones are revoked first (KIP-429). */
        COOPERATIVE
    }

    /**
     * One member's subscription as the leader sees it.
     *
     * @param topics subscribed topics
     * @param userData the member assignor's {@link #subscriptionUserData}, or null
     * @param ownedPartitions the partitions the member owns (cooperative members keep them across
     *     a rebalance; eager members report none)
     * @param generationId the generation those partitions were owned in, or -1
     * @param rackId the member's {@code client.rack}, or null
     * @param groupInstanceId the member's {@code group.instance.id}, or null
     */
    record Subscription(
            List<String> topics,
            byte @Nullable [] userData,
            List<TopicPartition> ownedPartitions,
            int generationId,
            @Nullable String rackId,
            @Nullable String groupInstanceId) {
        public Subscription {
            topics = List.copyOf(topics);
            ownedPartitions = List.copyOf(ownedPartitions);
        }

        /** A subscription with nothing owned. */
        public Subscription(List<String> topics) {
            this(topics, null, List.of(), -1, null, null);
        }
    }

    /** A member's assignment: its partitions and the assignor's user data for it (or null). */
    record Assignment(List<TopicPartition> partitions, byte @Nullable [] userData) {
        public Assignment {
            partitions = List.copyOf(partitions);
        }

        public Assignment(List<TopicPartition> partitions) {
            this(partitions, null);
        }
    }

    /** The protocol name, e.g. {@code range}; must be the same in every client of the group. */
    String name();

    /** Rebalance protocols this assignor supports; the group uses the best one all assignors support. */
    default List<RebalanceProtocol> supportedProtocols() {
        return List.of(RebalanceProtocol.EAGER);
    }

    /**
     * Extra bytes sent in this member's subscription, e.g. what it owned (for eager assignors that
     * still want stickiness), or null.
     *
     * @param topics the member's subscribed topics
     * @param lastAssignment the partitions assigned to this member in its last generation (also
     *     under the eager protocol, where they were revoked before the join)
     * @param generationId that generation, or -1
     */
    default byte @Nullable [] subscriptionUserData(
            Set<String> topics, List<TopicPartition> lastAssignment, int generationId) {
        return null;
    }

    /**
     * Computes the group's assignment.
     *
     * @param partitionsPerTopic partition counts of every topic some member subscribes to and
     *     that exists
     * @param subscriptions every member's subscription by member id
     * @return an assignment for every member id in {@code subscriptions}
     */
    Map<String, Assignment> assign(Map<String, Integer> partitionsPerTopic, Map<String, Subscription> subscriptions);

    /** kafka-clients' {@code range} (RangeAssignor): per topic, consecutive ranges by member order. */
    static PartitionAssignor range() {
        return Assignors.range();
    }

    /** kafka-clients' {@code roundrobin}: all partitions dealt round-robin over the sorted members. */
    static PartitionAssignor roundRobin() {
        return Assignors.roundRobin();
    }

    /** kafka-clients' {@code sticky}: balanced, keeping previous owners (eager protocol). */
    static PartitionAssignor sticky() {
        return Assignors.sticky();
    }

    /**
     * kafka-clients' {@code cooperative-sticky}: balanced and sticky under the cooperative protocol.
     * A partition moving to another member is first revoked by its owner and assigned in the
     * follow-up rebalance.
     */
    static PartitionAssignor cooperativeSticky() {
        return Assignors.cooperativeSticky();
    }

    /** Looks up a built-in assignor by its name. */
    static PartitionAssignor forName(String name) {
        return Assignors.forName(Objects.requireNonNull(name, "name"));
    }
}
