package dev.asynckafka.internal.cluster;

import dev.asynckafka.common.Node;
import dev.asynckafka.common.TopicPartition;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An immutable view of the cluster at one moment: brokers, controller and the topics a client
 * asked about. A new snapshot replaces the old one whole; readers on any thread see either.
 *
 * @param clusterId the cluster id, if the broker reported one
 * @param controllerId the controller's id as metadata reports it, or -1
 * @param brokers live brokers by id
 * @param topics known topics by name
 * @param updatedAtNanos the client loop's ticker time when the response arrived
 */
public record ClusterSnapshot(
        @Nullable String clusterId,
        int controllerId,
        Map<Integer, Node> brokers,
        Map<String, TopicMetadata> topics,
        long updatedAtNanos) {

    /** The snapshot before the first metadata response: nothing known. */
    public static final ClusterSnapshot EMPTY = new ClusterSnapshot(null, -1, Map.of(), Map.of(), 0L);

    public ClusterSnapshot {
        brokers = Map.copyOf(brokers);
        topics = Map.copyOf(topics);
    }

    /** The broker with the given id, if live. */
    public @Nullable Node broker(int id) {
        return brokers.get(id);
    }

    /** The controller, if known and live. */
    public @Nullable Node controller() {
        return brokers.get(controllerId);
    }

    /** The topic, if known. */
    public @Nullable TopicMetadata topic(String name) {
        return topics.get(name);
    }

    /** The partition's metadata, if known. */
    public @Nullable PartitionMetadata partition(TopicPartition tp) {
        TopicMetadata t = topics.get(tp.topic());
        if (t == null || tp.partition() < 0 || tp.partition() >= t.partitions().size()) {
            return null;
        }
        PartitionMetadata p = t.partitions().get(tp.partition());
        return p.partition().partition() == tp.partition() ? p : null;
    }

    /** The partition's leader, if it has one and that broker is live. */
    public @Nullable Node leader(TopicPartition tp) {
        PartitionMetadata p = partition(tp);
        return p == null || p.leaderId() < 0 ? null : brokers.get(p.leaderId());
    }

    /** Live brokers ordered by id. */
    public List<Node> brokerList() {
        return brokers.values().stream()
                .sorted(java.util.Comparator.comparingInt(Node::id))
                .toList();
    }
}
