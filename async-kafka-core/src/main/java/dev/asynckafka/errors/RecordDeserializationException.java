package dev.asynckafka.errors;

import dev.asynckafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * Client-side: the consumer's deserializer failed on a record. The message and {@link
 * #partition()} / {@link #offset()} name the record; the consumer's position stays at it, so the
 * application decides whether to skip it (seek to {@code offset() + 1}) or stop. Not retriable:
 * fetching the record again gives the same bytes.
 */
public class RecordDeserializationException extends SerializationException {
    private static final long serialVersionUID = 1L;

    private final TopicPartition partition;
    private final long offset;

    public RecordDeserializationException(
            TopicPartition partition, long offset, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.partition = partition;
        this.offset = offset;
    }

    /** The partition of the record that failed. */
    public TopicPartition partition() {
        return partition;
    }

    /** The offset of the record that failed. */
    public long offset() {
        return offset;
    }
}
