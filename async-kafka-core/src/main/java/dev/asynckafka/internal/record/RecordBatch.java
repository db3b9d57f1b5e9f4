package dev.asynckafka.internal.record;

import dev.asynckafka.record.CompressionType;
import dev.asynckafka.record.TimestampType;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * A batch of records as read from a fetch: a magic 2 record batch, or a legacy magic 0/1 message (an
 * uncompressed message is a batch of one record; a compressed wrapper message is a batch of its inner
 * messages). Legacy batches have no producer state (id -1, epoch -1, sequence -1), no leader epoch (-1)
 * and are never transactional nor control batches.
 */
public interface RecordBatch {
    /** Value of {@link #producerId()} (and epoch, sequence) when there is none. */
    long NO_PRODUCER_ID = -1L;

    /** The format version: 0, 1 or 2. */
    byte magic();

    /** The offset of the first record (for a legacy compressed wrapper this decompresses it). */
    long baseOffset();

    /** The offset of the last record. */
    long lastOffset();

    /** {@code lastOffset() + 1}: where the next fetch starts. */
    long nextOffset();

    /** The partition leader epoch, or -1. */
    int partitionLeaderEpoch();

    /** The codec the batch's records are compressed with. */
    CompressionType compression();

    /** What the record timestamps mean. */
    TimestampType timestampType();

    /** The first record's timestamp (magic 2), else the message's timestamp. */
    long baseTimestamp();

    /** The largest record timestamp, or the log append time. */
    long maxTimestamp();

    /** The producer id, or -1. */
    long producerId();

    /** The producer epoch, or -1. */
    short producerEpoch();

    /** The sequence of the first record, or -1. */
    int baseSequence();

    /** Whether the batch was written in a transaction. */
    boolean isTransactional();

    /** Whether the batch holds control records (transaction markers). */
    boolean isControl();

    /** The number of records (for a legacy compressed wrapper this decompresses it). */
    int recordCount();

    /** The batch's size in the fetched buffer, log overhead (offset and length) included. */
    int sizeInBytes();

    /**
     * The batch's records in offset order. A compressed batch is decompressed (within the reader's limit)
     * on the first call.
     *
     * @throws dev.asynckafka.errors.CorruptRecordException, from this method or the iterator, naming the
     *     topic-partition and offset, when the records are corrupt or inflate beyond the limit
     * @throws dev.asynckafka.errors.UnsupportedCompressionTypeException when the codec's optional
     *     library is missing
     */
    Iterator<Record> records();

    /**
     * Passes the batch's records to {@code action} in offset order, on the calling thread. Unlike {@link
     * #records()}, a record and its key and value buffers are valid only during the call that receives it:
     * a compressed batch is decompressed into a reused work array (no copy of the result), given back when
     * this method returns or throws. For decoders that turn each record into something else at once.
     *
     * @throws dev.asynckafka.errors.CorruptRecordException naming the topic-partition and offset, when
     *     the records are corrupt or inflate beyond the limit (records before the corruption are passed on)
     * @throws dev.asynckafka.errors.UnsupportedCompressionTypeException when the codec's optional
     *     library is missing
     */
    default void forEachRecord(Consumer<? super Record> action) {
        records().forEachRemaining(action);
    }
}
