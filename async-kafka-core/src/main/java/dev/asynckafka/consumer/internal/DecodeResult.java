package dev.asynckafka.consumer.internal;

import dev.asynckafka.consumer.ConsumerRecord;
import dev.asynckafka.errors.KafkaException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What decoding one chunk produced: the records to hand out, in offset order, and the error that
 * stopped decoding, if any, with the offset it is about.
 */
record DecodeResult<K, V>(
        List<ConsumerRecord<K, V>> records, @Nullable KafkaException error, long errorOffset) {}
