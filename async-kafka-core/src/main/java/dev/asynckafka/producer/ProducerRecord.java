package dev.asynckafka.producer;

import dev.asynckafka.record.Header;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A record to send: topic, optional partition, key, value, headers and timestamp.
 *
 * @param topic the topic; not null
 * @param partition the partition, or null to let the partitioner choose
 * @param key the key, or null; records with the same key go to the same partition
 * @param value the value, or null for a tombstone
 * @param headers the headers (copied; may be empty)
 * @param timestamp the create time in milliseconds since the epoch, or null for the time of {@code
 *     send}
 * @param <K> the key type
 * @param <V> the value type
 */
public record ProducerRecord<K, V>(
        String topic,
        @Nullable Integer partition,
        @Nullable K key,
        @Nullable V value,
        List<Header> headers,
        @Nullable Long timestamp) {

    public ProducerRecord {
        Objects.requireNonNull(topic, "topic");
        if (partition != null && partition < 0) {
            throw new IllegalArgumentException("partition must not be negative, was " + partition);
        }
        if (timestamp != null && timestamp < 0) {
            throw new IllegalArgumentException("timestamp must not be negative, was " + timestamp);
        }
        headers = List.copyOf(Objects.requireNonNull(headers, "headers"));
    }

    /** A record with a key and value, partition chosen by the partitioner, no headers. */
    public ProducerRecord(String topic, @Nullable K key, @Nullable V value) {
        this(topic, null, key, value, List.of(), null);
    }

    /** A record without key, partition chosen by the partitioner, no headers. */
    public ProducerRecord(String topic, @Nullable V value) {
        this(topic, null, null, value, List.of(), null);
    }

    /** A record for an explicit partition. */
    public ProducerRecord(String topic, @Nullable Integer partition, @Nullable K key, @Nullable V value) {
        this(topic, partition, key, value, List.of(), null);
    }
}
