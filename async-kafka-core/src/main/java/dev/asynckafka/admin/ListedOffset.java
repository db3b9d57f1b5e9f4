package dev.asynckafka.admin;

/**
 * An offset found by {@link AsyncKafkaAdmin#listOffsets(java.util.Map)}.
 *
 * @param offset the offset, or {@code -1} when no record matches (a timestamp after the last record)
 * @param timestamp the record's timestamp for timestamp lookups, else {@code -1}
 * @param leaderEpoch the leader epoch of that offset, or {@code -1} if unknown
 */
public record ListedOffset(long offset, long timestamp, int leaderEpoch) {}
