package dev.asynckafka.consumer;

import java.util.Objects;

/**
 * An offset to commit for a partition, or one read back with {@link AsyncKafkaConsumer#committed}:
 * the offset of the next record to consume, the leader epoch of the last consumed record (-1 when
 * unknown), and free-form metadata stored with it.
 *
 * @param offset the next offset to consume; not negative
 * @param leaderEpoch the leader epoch of the record before {@code offset}, or -1
 * @param metadata metadata stored with the offset; empty when none
 */
public record OffsetAndMetadata(long offset, int leaderEpoch, String metadata) {
    public OffsetAndMetadata {
        if (offset < 0) {
            throw new IllegalArgumentException("Offset must not be negative, was " + offset);
        }
        Objects.requireNonNull(metadata, "metadata");
    }

    /** An offset with no leader epoch and no metadata. */
    public OffsetAndMetadata(long offset) {
        this(offset, -1, "");
    }

    /** An offset with metadata and no leader epoch. */
    public OffsetAndMetadata(long offset, String metadata) {
        this(offset, -1, metadata);
    }
}
