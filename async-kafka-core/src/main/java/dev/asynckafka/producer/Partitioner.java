package dev.asynckafka.producer;

import org.jspecify.annotations.Nullable;

/**
 * Chooses the partition of records sent without an explicit partition ({@code partitioner.class}).
 *
 * <p>Called on the producer's event loop once the topic's partition count is known: it must be fast
 * and must not block. Without a custom partitioner the producer partitions as kafka-clients does:
 * keyed records by {@link #partitionForKey(byte[], int)} (murmur2 of the serialized key, so a key
 * lands on the same partition whichever client wrote it), keyless records with sticky, load-aware
 * partitioning that switches partition after each batch.
 */
@FunctionalInterface
public interface Partitioner {
    /** Returned by {@link #partition} to hand the record to the built-in keyless partitioning. */
    int UNASSIGNED = -1;

    /**
     * The partition for a record.
     *
     * @param topic the topic
     * @param key the key object, or null
     * @param keyBytes the serialized key, or null
     * @param value the value object, or null
     * @param valueBytes the serialized value, or null
     * @param numPartitions the topic's partition count (at least 1)
     * @return a partition in {@code [0, numPartitions)}, or {@link #UNASSIGNED}
     */
    int partition(
            String topic,
            @Nullable Object key,
            byte @Nullable [] keyBytes,
            @Nullable Object value,
            byte @Nullable [] valueBytes,
            int numPartitions);

    /** kafka-clients' partition of a serialized key: positive murmur2 hash modulo the partition count. */
    static int partitionForKey(byte[] keyBytes, int numPartitions) {
        return (murmur2(keyBytes) & 0x7fffffff) % numPartitions;
    }

    /** The 32-bit murmur2 hash with the seed kafka-clients uses (0x9747b28c). */
    static int murmur2(byte[] data) {
        final int m = 0x5bd1e995;
        final int r = 24;
        int length = data.length;
        int h = 0x9747b28c ^ length;
        int blocks = length >>> 2;
        for (int i = 0; i < blocks; i++) {
            int at = i << 2;
            int k = (data[at] & 0xff)
                    | ((data[at + 1] & 0xff) << 8)
                    | ((data[at + 2] & 0xff) << 16)
                    | ((data[at + 3] & 0xff) << 24);
            k *= m;
            k ^= k >>> r;
            k *= m;
            h *= m;
            h ^= k;
        }
        int tail = blocks << 2;
        int remaining = length - tail;
        if (remaining == 3) {
            h ^= (data[tail + 2] & 0xff) << 16;
        }
        if (remaining >= 2) {
            h ^= (data[tail + 1] & 0xff) << 8;
        }
        if (remaining >= 1) {
            h ^= data[tail] & 0xff;
            h *= m;
        }
        h ^= h >>> 13;
        h *= m;
        h ^= h >>> 15;
        return h;
    }
}
