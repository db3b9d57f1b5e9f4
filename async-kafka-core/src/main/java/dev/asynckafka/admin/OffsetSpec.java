package dev.asynckafka.admin;

/**
 * Which offset {@link AsyncKafkaAdmin#listOffsets(java.util.Map)} looks up for a partition.
 *
 * @param timestamp a record timestamp in ms, or one of the protocol's special values ({@code -1}
 *     latest, {@code -2} earliest, {@code -3} the record with the highest timestamp)
 */
public record OffsetSpec(long timestamp) {
    private static final long LATEST = -1;
    private static final long EARLIEST = -2;
    private static final long MAX_TIMESTAMP = -3;

    public OffsetSpec {
        if (timestamp < MAX_TIMESTAMP) {
            throw new IllegalArgumentException("timestamp must be -3, -2, -1 or a timestamp, was " + timestamp);
        }
    }

    /** The log end offset: where the next record will be written (the high watermark). */
    public static OffsetSpec latest() {
        return new OffsetSpec(LATEST);
    }

    /** The log start offset: the first record still there. */
    public static OffsetSpec earliest() {
        return new OffsetSpec(EARLIEST);
    }

    /** The offset and timestamp of the record with the highest timestamp (KIP-734). */
    public static OffsetSpec maxTimestamp() {
        return new OffsetSpec(MAX_TIMESTAMP);
    }

    /** The first offset whose record timestamp is at or after {@code timestampMs}. */
    public static OffsetSpec forTimestamp(long timestampMs) {
        if (timestampMs < 0) {
            throw new IllegalArgumentException("timestampMs must not be negative, was " + timestampMs);
        }
        return new OffsetSpec(timestampMs);
    }
}
