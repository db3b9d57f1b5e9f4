package dev.asynckafka.reactor;

import dev.asynckafka.producer.RecordMetadata;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of sending one {@link SenderRecord}: the broker's acknowledgement or the error, with
 * the record's correlation metadata.
 *
 * @param recordMetadata partition, offset and timestamp of the written record; null if it failed
 * @param exception why the record failed; null if it was written
 * @param correlationMetadata the metadata of the {@link SenderRecord}
 * @param <T> correlation metadata type
 */
public record SenderResult<T>(
        @Nullable RecordMetadata recordMetadata,
        @Nullable Throwable exception,
        @Nullable T correlationMetadata) {
    /** @throws IllegalArgumentException unless exactly one of metadata and exception is set */
    public SenderResult {
        if ((recordMetadata == null) == (exception == null)) {
            throw new IllegalArgumentException("Exactly one of recordMetadata and exception must be set");
        }
    }

    /** Whether the record was written. */
    public boolean isSuccess() {
        return exception == null;
    }
}
