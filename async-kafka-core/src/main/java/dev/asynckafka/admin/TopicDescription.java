package dev.asynckafka.admin;

import dev.asynckafka.common.Uuid;
import java.util.List;

/**
 * A topic as the cluster describes it.
 *
 * @param name the topic name
 * @param topicId the topic id
 * @param internal whether Kafka uses the topic itself (such as {@code __consumer_offsets})
 * @param partitions the partitions, ordered by index
 */
public record TopicDescription(String name, Uuid topicId, boolean internal, List<TopicPartitionInfo> partitions) {
    public TopicDescription {
        partitions = List.copyOf(partitions);
    }
}
