package dev.asynckafka.admin;

import dev.asynckafka.common.Node;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One partition of a described topic.
 *
 * @param partition the partition index
 * @param leader the leader, or null while there is none
 * @param leaderEpoch the leader epoch, or -1 if unknown
 * @param replicas all replicas, preferred leader first
 * @param isr the in-sync replicas
 * @param offlineReplicas replicas whose log directory is offline
 */
public record TopicPartitionInfo(
        int partition,
        @Nullable Node leader,
        int leaderEpoch,
        List<Node> replicas,
        List<Node> isr,
        List<Node> offlineReplicas) {
    public TopicPartitionInfo {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
        offlineReplicas = List.copyOf(offlineReplicas);
    }
}
