package dev.asynckafka.consumer;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.record.Header;
import dev.asynckafka.record.TimestampType;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One record as the consumer hands it out: where it is (topic, partition, offset), its timestamp,
 * headers, and its deserialized key and value ({@code null} for a null key or a tombstone).
 *
 * @param topic the topic
 * @param partition the partition index
 * @param offset the record's offset in the partition
 * @param timestamp the record's timestamp in epoch milliseconds
 * @param timestampType whether the producer or the broker set the timestamp
 * @param serializedKeySize the key's size in bytes, or -1 for a null key
 * @param serializedValueSize the value's size in bytes, or -1 for a null value
 * @param headers the headers, in order (keys may repeat)
 * @param key the deserialized key
 * @param value the deserialized value
 * @param leaderEpoch the leader epoch of the batch the record came in, or -1 if unknown
 * @param <K> key type
 * @param <V> value type
 */
public record ConsumerRecord<K, V>(
        String topic,
        int partition,
        long offset,
        long timestamp,
        TimestampType timestampType,
        int serializedKeySize,
        int serializedValueSize,
        List<Header> headers,
        @Nullable K key,
        @Nullable V value,
        int leaderEpoch) {

    public ConsumerRecord {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(timestampType, "timestampType");
        headers = List.copyOf(headers);
    }

    /** The record's topic and partition. */
    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }

    /** The last header with the given key, or {@code null}, as kafka-clients' {@code lastHeader}. */
    public @Nullable Header lastHeader(String key) {
        for (int i = headers.size() - 1; i >= 0; i--) {
            if (headers.get(i).key().equals(key)) {
                return headers.get(i);
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "ConsumerRecord{" + topic + "-" + partition + "@" + offset + ", timestamp=" + timestamp + " ("
                + timestampType + "), key=" + key + ", value=" + value + ", headers=" + headers.size() + "}";
    }
}
