package dev.asynckafka.errors;

import dev.asynckafka.common.TopicPartition;
import java.util.Set;

/**
 * Client-side: a partition has no position and {@code auto.offset.reset} is {@code none}, so the
 * consumer will not guess one. Seek the partition (or use another reset policy). Not retriable.
 */
public class NoOffsetForPartitionException extends KafkaException {
    private static final long serialVersionUID = 1L;

    private final Set<TopicPartition> partitions;

    public NoOffsetForPartitionException(Set<TopicPartition> partitions) {
        super("No position for partitions " + partitions
                + " and auto.offset.reset is none: seek them to an offset before consuming");
        this.partitions = Set.copyOf(partitions);
    }

    /** The partitions without a position. */
    public Set<TopicPartition> partitions() {
        return partitions;
    }
}
