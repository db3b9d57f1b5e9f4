package dev.asynckafka.internal.cluster;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.errors.ErrorCode;
import java.util.List;

/**
 * One partition as the last metadata response described it.
 *
 * @param partition topic and index
 * @param error the partition's error (LEADER_NOT_AVAILABLE while a leader is elected)
 * @param leaderId the leader's broker id, or -1 when there is none
 * @param leaderEpoch the leader epoch, or -1 when the broker did not say
 * @param replicas broker ids of all replicas
 * @param isr broker ids of the in-sync replicas
 * @param offlineReplicas broker ids of offline replicas
 */
public record PartitionMetadata(
        TopicPartition partition,
        ErrorCode error,
        int leaderId,
        int leaderEpoch,
        List<Integer> replicas,
        List<Integer> isr,
        List<Integer> offlineReplicas) {}
