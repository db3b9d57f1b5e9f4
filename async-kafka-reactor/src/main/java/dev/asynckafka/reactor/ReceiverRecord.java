package dev.asynckafka.reactor;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.ConsumerRecord;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A record handed out by {@link KafkaReceiver}, with the {@link ReceiverOffset} to acknowledge it
 * (reactor-kafka's {@code ReceiverRecord}; the consumer's records are immutable values, so this
 * wraps one instead of extending it).
 *
 * @param record the consumed record
 * @param receiverOffset its offset, to acknowledge or commit
 * @param <K> key type
 * @param <V> value type
 */
public record ReceiverRecord<K, V>(ConsumerRecord<K, V> record, ReceiverOffset receiverOffset) {
    /** Both parts are required. */
    public ReceiverRecord {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(receiverOffset, "receiverOffset");
    }

    /** Shorthand for {@code receiverOffset().acknowledge()}. */
    public void acknowledge() {
        receiverOffset.acknowledge();
    }

    /** The record's topic and partition. */
    public TopicPartition topicPartition() {
        return receiverOffset.topicPartition();
    }

    /** The record's offset. */
    public long offset() {
        return record.offset();
    }

    /** The record's deserialized key. */
    public @Nullable K key() {
        return record.key();
    }

    /** The record's deserialized value. */
    public @Nullable V value() {
        return record.value();
    }
}
