package dev.asynckafka.common;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One partition of a topic as the cluster metadata describes it.
 *
 * @param topic the topic
 * @param partition the partition index
 * @param leader the leader, or null while none is known
 * @param replicas all replicas (brokers not currently live are left out)
 * @param inSyncReplicas the in-sync replicas (live ones)
 */
public record PartitionInfo(
        String topic, int partition, @Nullable Node leader, List<Node> replicas, List<Node> inSyncReplicas) {}
