package dev.asynckafka.common;

import java.util.Objects;

/**
 * A partition of a topic.
 *
 * @param topic the topic name
 * @param partition the partition index, from 0
 */
public record TopicPartition(String topic, int partition) {
    public TopicPartition {
        Objects.requireNonNull(topic, "topic");
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
