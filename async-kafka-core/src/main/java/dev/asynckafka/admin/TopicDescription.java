package dev.asynckafka.admin;

import dev.asynckafka.common.Uuid;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A topic as the cluster describes it.
 *
 * @param name the topic name
 * @param topicId the topic id
 * @param internal whether Kafka uses the topic itself (such as {@code __consumer_offsets})
 * @param partitions the partitions, ordered by index
 * @param configs the settings asked for with {@link AsyncKafkaAdmin#describeTopicsEach(java.util.Collection,
 *     java.util.Collection)}, by name; empty when none were asked for
 */
public record TopicDescription(
        String name,
        Uuid topicId,
        boolean internal,
        List<TopicPartitionInfo> partitions,
        Map<String, ConfigEntry> configs) {
    public TopicDescription {
        partitions = List.copyOf(partitions);
        configs = Collections.unmodifiableMap(new LinkedHashMap<>(configs));
    }

    /** A description without configs. */
    public TopicDescription(String name, Uuid topicId, boolean internal, List<TopicPartitionInfo> partitions) {
        this(name, topicId, internal, partitions, Map.of());
    }

    /** This description with the given configs. */
    public TopicDescription withConfigs(Map<String, ConfigEntry> configs) {
        return new TopicDescription(name, topicId, internal, partitions, configs);
    }
}
