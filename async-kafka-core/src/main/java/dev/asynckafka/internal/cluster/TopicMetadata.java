package dev.asynckafka.internal.cluster;

import dev.asynckafka.common.Uuid;
import dev.asynckafka.errors.ErrorCode;
import java.util.List;

/**
 * One topic as the last metadata response described it.
 *
 * @param name the topic name
 * @param topicId the topic id ({@link Uuid#ZERO} from brokers too old to say)
 * @param internal whether Kafka uses the topic itself (offsets, transactions)
 * @param error the topic's error (UNKNOWN_TOPIC_OR_PARTITION if it does not exist)
 * @param partitions partitions ordered by index
 */
public record TopicMetadata(
        String name, Uuid topicId, boolean internal, ErrorCode error, List<PartitionMetadata> partitions) {}
