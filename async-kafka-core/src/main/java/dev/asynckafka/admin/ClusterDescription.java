package dev.asynckafka.admin;

import dev.asynckafka.common.Node;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The cluster as a broker describes it.
 *
 * @param clusterId the cluster id
 * @param controller the controller as reported to clients (in KRaft clusters, a broker that forwards
 *     to the active controller), or null if unknown
 * @param nodes the live brokers, ordered by id
 */
public record ClusterDescription(
        @Nullable String clusterId, @Nullable Node controller, List<Node> nodes) {
    public ClusterDescription {
        nodes = List.copyOf(nodes);
    }
}
