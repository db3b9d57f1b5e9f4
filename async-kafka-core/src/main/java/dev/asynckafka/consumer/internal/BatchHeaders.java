package dev.asynckafka.consumer.internal;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * A walk over the headers of the batches in a fetched records field, without decompressing or
 * checking anything: it finds where the next fetch starts, so the partition can be fetched again
 * while its data is still being decoded elsewhere.
 *
 * <p>Every batch (magic 2) and every legacy message (magic 0/1) starts with an int64 offset and an
 * int32 length of what follows; magic is at byte 16. For magic 2 the base offset plus the int32
 * last offset delta at byte 23 is the batch's last offset; a legacy entry's offset is its last.
 */
final class BatchHeaders {
    static final int LOG_OVERHEAD = 12;
    private static final int PARTITION_LEADER_EPOCH_OFFSET = 12;
    private static final int MAGIC_OFFSET = 16;
    private static final int LAST_OFFSET_DELTA_OFFSET = 23;
    /** The smallest possible magic-2 batch: its header with no records. */
    private static final int V2_HEADER_SIZE = 61;
    /** The smallest possible legacy message (magic 0, null key and value). */
    private static final int LEGACY_MIN_SIZE = 26;

    /**
     * @param completeBytes bytes of complete batches from the start
     * @param nextOffset the offset after the last complete batch, or -1 if there is none
     * @param problem why the walk stopped before the end, if not because of a partial last batch
     * @param problemOffset the offset the problem is at (the offset after the last good batch)
     * @param lastEpoch the partition leader epoch of the last complete batch, or -1 (none, or a
     *     legacy message)
     */
    record Scan(
            int completeBytes, long nextOffset, @Nullable String problem, long problemOffset, int lastEpoch) {}

    private BatchHeaders() {}

    static Scan scan(ByteBuf records, long fetchOffset) {
        int start = records.readerIndex();
        int end = records.writerIndex();
        int pos = start;
        long next = -1;
        int lastEpoch = -1;
        while (end - pos >= LOG_OVERHEAD) {
            long base = records.getLong(pos);
            int length = records.getInt(pos + 8);
            long after = next >= 0 ? next : fetchOffset;
            if (length < LEGACY_MIN_SIZE - LOG_OVERHEAD) {
                return new Scan(
                        pos - start,
                        next,
                        "record batch at offset " + base + " has an invalid size " + length,
                        after,
                        lastEpoch);
            }
            if ((long) end - pos < (long) LOG_OVERHEAD + length) {
                break; // a partial trailing batch: the broker cut the response at its size limit
            }
            byte magic = records.getByte(pos + MAGIC_OFFSET);
            long last;
            int epoch = -1;
            if (magic == 2) {
                if (length < V2_HEADER_SIZE - LOG_OVERHEAD) {
                    return new Scan(
                            pos - start,
                            next,
                            "record batch at offset " + base + " is shorter than its header",
                            after,
                            lastEpoch);
                }
                last = base + records.getInt(pos + LAST_OFFSET_DELTA_OFFSET);
                epoch = records.getInt(pos + PARTITION_LEADER_EPOCH_OFFSET);
            } else if (magic == 0 || magic == 1) {
                last = base;
            } else {
                return new Scan(
                        pos - start,
                        next,
                        "record batch at offset " + base + " has unknown magic " + magic,
                        after,
                        lastEpoch);
            }
            if (last < base) {
                return new Scan(
                        pos - start,
                        next,
                        "record batch at offset " + base + " has a negative offset delta",
                        after,
                        lastEpoch);
            }
            next = Math.max(next, last + 1);
            lastEpoch = epoch;
            pos += LOG_OVERHEAD + length;
        }
        return new Scan(pos - start, next, null, -1, lastEpoch);
    }
}
