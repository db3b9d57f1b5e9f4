package dev.asynckafka.internal.record;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.errors.CorruptRecordException;
import io.netty.buffer.ByteBuf;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Iterates the batches of a fetched records slice: magic 2 record batches and legacy magic 0/1 messages,
 * in any mix.
 *
 * <p>A fetch response may end with a partial batch (the broker cuts at the fetch size): the reader stops
 * before it, cleanly, and {@link #hasPartialTrailingBatch()} tells. Everything else that is malformed, in a
 * batch header ({@link #hasNext()}, {@link #next()}) or in its records ({@link RecordBatch#records()}),
 * throws {@link CorruptRecordException} naming the topic-partition and offset. The input buffer's indices
 * are not changed; keys and values of uncompressed batches are slices of it.
 */
public final class RecordBatchReader implements Iterator<RecordBatch> {
    /** The size of base offset and length, before every batch or legacy message. */
    static final int LOG_OVERHEAD = 12;

    private final ByteBuf buffer;
    private final @Nullable TopicPartition partition;
    private final boolean checkCrcs;
    private final int maxDecompressedBatchBytes;
    private final int end;
    private int position;
    private boolean partial;
    private @Nullable RecordBatch next;

    private RecordBatchReader(
            ByteBuf buffer, @Nullable TopicPartition partition, boolean checkCrcs, int maxDecompressedBatchBytes) {
        this.buffer = buffer;
        this.partition = partition;
        this.checkCrcs = checkCrcs;
        this.maxDecompressedBatchBytes = maxDecompressedBatchBytes;
        this.position = buffer.readerIndex();
        this.end = buffer.writerIndex();
    }

    /**
     * A reader of the readable bytes of {@code records}.
     *
     * @param records the records of one partition of a fetch response
     * @param partition the partition, named in errors; null if unknown
     * @param checkCrcs whether to verify each batch's checksum ({@code check.crcs})
     * @param maxDecompressedBatchBytes the most bytes one compressed batch may inflate to
     */
    public static RecordBatchReader of(
            ByteBuf records, @Nullable TopicPartition partition, boolean checkCrcs, int maxDecompressedBatchBytes) {
        Objects.requireNonNull(records, "records");
        if (maxDecompressedBatchBytes < 0) {
            throw new IllegalArgumentException("negative maxDecompressedBatchBytes " + maxDecompressedBatchBytes);
        }
        return new RecordBatchReader(records, partition, checkCrcs, maxDecompressedBatchBytes);
    }

    /**
     * Whether another complete batch follows.
     *
     * @throws CorruptRecordException if the next batch's header is corrupt
     */
    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        int remaining = end - position;
        if (remaining == 0) {
            return false;
        }
        if (remaining <= RecordBatchBuilder.MAGIC_OFFSET) {
            partial = true;
            position = end;
            return false;
        }
        long offset = buffer.getLong(position);
        int length = buffer.getInt(position + RecordBatchBuilder.LENGTH_OFFSET);
        byte magic = buffer.getByte(position + RecordBatchBuilder.MAGIC_OFFSET);
        int minLength = switch (magic) {
            case 0 -> LegacyBatch.MIN_SIZE_V0;
            case 1 -> LegacyBatch.MIN_SIZE_V1;
            case 2 -> RecordBatchBuilder.BATCH_OVERHEAD - LOG_OVERHEAD;
            default -> throw corrupt(partition, offset, "unknown magic " + magic);
        };
        if (length < minLength) {
            throw corrupt(partition, offset, "batch length " + length + " is below the minimum " + minLength);
        }
        if ((long) LOG_OVERHEAD + length > remaining) {
            partial = true;
            position = end;
            return false;
        }
        int size = LOG_OVERHEAD + length;
        RecordBatch batch = magic == 2
                ? new DefaultBatch(buffer, position, size, partition, checkCrcs, maxDecompressedBatchBytes)
                : new LegacyBatch(buffer, position, size, partition, checkCrcs, maxDecompressedBatchBytes);
        position += size;
        next = batch;
        return true;
    }

    /**
     * The next complete batch.
     *
     * @throws NoSuchElementException if there is none
     * @throws CorruptRecordException if its header is corrupt
     */
    @Override
    public RecordBatch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        RecordBatch batch = Objects.requireNonNull(next);
        next = null;
        return batch;
    }

    /**
     * Whether the input ended with an incomplete batch, normal at the end of a fetch response (if no
     * complete batch came before it, the batch is larger than the fetch size). Final once {@link #hasNext()}
     * has returned false.
     */
    public boolean hasPartialTrailingBatch() {
        return partial;
    }

    /** The position in the input after the last complete batch returned or pending. */
    public int position() {
        return position;
    }

    static CorruptRecordException corrupt(@Nullable TopicPartition partition, long offset, String what) {
        return new CorruptRecordException(where(partition, offset) + ": " + what);
    }

    static String where(@Nullable TopicPartition partition, long offset) {
        return "corrupt record batch of partition " + (partition == null ? "(unknown)" : partition.toString())
                + " at offset " + offset;
    }
}
