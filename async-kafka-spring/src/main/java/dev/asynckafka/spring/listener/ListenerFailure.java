package dev.asynckafka.spring.listener;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.ConsumerRecord;
import java.util.List;
import java.util.Objects;

/**
 * Records that failed their last attempt, as handed to a {@link ListenerErrorHandler}.
 *
 * @param container the container whose listener failed
 * @param partition the records' partition
 * @param records the records as fetched: original key and value bytes and headers, in offset order
 *     (one record, or a whole batch)
 * @param error the last failure (the listener's exception, unwrapped from invocation and
 *     completion wrappers, or the deserialization error)
 * @param attempts how many times the listener was called for them (0 when they could not be
 *     deserialized or bound, which is never retried)
 */
public record ListenerFailure(
        ListenerContainer container,
        TopicPartition partition,
        List<ConsumerRecord<byte[], byte[]>> records,
        Throwable error,
        int attempts) {

    public ListenerFailure {
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(partition, "partition");
        records = List.copyOf(records);
        Objects.requireNonNull(error, "error");
    }
}
