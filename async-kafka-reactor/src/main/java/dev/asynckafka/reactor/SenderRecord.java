package dev.asynckafka.reactor;

import dev.asynckafka.producer.ProducerRecord;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A record to send with correlation metadata of the application's choosing, returned unchanged in
 * its {@link SenderResult} (reactor-kafka's {@code SenderRecord}).
 *
 * @param record the record to send
 * @param correlationMetadata anything that identifies the record to the application (may be null)
 * @param <K> key type
 * @param <V> value type
 * @param <T> correlation metadata type
 */
public record SenderRecord<K, V, T>(
        ProducerRecord<K, V> record, @Nullable T correlationMetadata) {
    /** The record is required; the metadata may be null. */
    public SenderRecord {
        Objects.requireNonNull(record, "record");
    }

    /** A record with its correlation metadata. */
    public static <K, V, T> SenderRecord<K, V, T> create(ProducerRecord<K, V> record, @Nullable T correlationMetadata) {
        return new SenderRecord<>(record, correlationMetadata);
    }
}
