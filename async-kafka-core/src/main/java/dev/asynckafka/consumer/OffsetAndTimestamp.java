package dev.asynckafka.consumer;

/**
 * The answer of {@link AsyncKafkaConsumer#offsetsForTimes}: the earliest offset whose timestamp is
 * at least the one asked for, and that record's timestamp.
 *
 * @param offset the offset
 * @param timestamp the timestamp of the record at that offset, in epoch milliseconds
 * @param leaderEpoch the leader epoch of that record, or -1 if the broker did not say
 */
public record OffsetAndTimestamp(long offset, long timestamp, int leaderEpoch) {
    public OffsetAndTimestamp {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, was " + offset);
        }
    }
}
