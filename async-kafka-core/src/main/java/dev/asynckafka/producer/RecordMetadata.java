package dev.asynckafka.producer;

import dev.asynckafka.common.TopicPartition;

/**
 * What the broker acknowledged for one record.
 *
 * @param topic the topic
 * @param partition the partition the record went to
 * @param offset the record's offset, or -1 when unknown (acks=0, or a retried batch the broker had
 *     already written)
 * @param timestamp the record's timestamp: its create time, or the broker's append time for topics
 *     with {@code message.timestamp.type=LogAppendTime}
 * @param serializedKeySize bytes of the serialized key, or -1 for a null key
 * @param serializedValueSize bytes of the serialized value, or -1 for a null value
 */
public record RecordMetadata(
        String topic, int partition, long offset, long timestamp, int serializedKeySize, int serializedValueSize) {

    /** Whether the offset is known. */
    public boolean hasOffset() {
        return offset >= 0;
    }

    /** The partition as a {@link TopicPartition}. */
    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }
}
