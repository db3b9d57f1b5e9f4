package dev.asynckafka.producer.internal;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.internal.record.Record;
import dev.asynckafka.internal.record.RecordBatch;
import dev.asynckafka.internal.record.RecordBatchBuilder;
import dev.asynckafka.internal.record.RecordBatchReader;
import dev.asynckafka.producer.RecordMetadata;
import dev.asynckafka.record.CompressionType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The records of one partition sent together: open while records are appended, closed (encoded)
 * when first drained, then possibly sent several times. Event loop only.
 */
final class ProducerBatch {
    /**
     * Creation order within the producer; batches of a partition are sent in this order (then by
     * {@link #splitIndex}).
     */
    final long id;
    /**
     * For a batch split off a batch the broker refused as too large: the index its first record had
     * in the batch created as {@link #id}; 0 otherwise. The pieces of a split keep the id, so this
     * orders them among themselves.
     */
    final int splitIndex;

    final TopicPartition partition;
    final long createdNanos;
    final long deadlineNanos;
    private final RecordBatchBuilder builder;
    /** The uncompressed size at which the batch counts as full (batch.size, scaled for compression). */
    private final int batchSize;

    private int uncompressedSize;
    final List<Entry> entries = new ArrayList<>();
    long reservedBytes;
    private @Nullable ByteBuf encoded;
    /** Base sequence under the current epoch, or -1 when none is assigned. */
    int baseSequence = -1;

    long producerId = -1;
    short producerEpoch = -1;
    /** Whether the stamp marks the batch as part of a transaction. */
    boolean transactional;

    int attempts;
    long retryNotBeforeNanos;
    boolean inFlight;
    long sentNanos;
    /**
     * Whether an attempt ended without an answer (timeout, disconnect): the broker may have
     * appended it. Such a batch is only ever resent with its original producer id, epoch and
     * sequence, which the broker recognises as a duplicate; it is never stamped anew.
     */
    boolean mayBeWritten;
    /** The last error an attempt got, for the expiry message. */
    @Nullable
    Throwable lastError;
    /** The outcome is decided ({@link #settle}/{@link #settleFailure}). */
    boolean done;
    /** The futures are completed ({@link #deliver}). */
    private boolean delivered;

    private long resultOffset = -1;
    private long resultLogAppendTime = -1;
    private @Nullable Throwable resultError;
    private @Nullable List<FlushTracker> flushes;

    ProducerBatch(
            long id,
            TopicPartition partition,
            RecordBatchBuilder builder,
            int batchSize,
            long createdNanos,
            long deliveryTimeoutNanos) {
        this(id, 0, partition, builder, batchSize, createdNanos, createdNanos + deliveryTimeoutNanos);
    }

    private ProducerBatch(
            long id,
            int splitIndex,
            TopicPartition partition,
            RecordBatchBuilder builder,
            int batchSize,
            long createdNanos,
            long deadlineNanos) {
        this.id = id;
        this.splitIndex = splitIndex;
        this.partition = partition;
        this.builder = builder;
        this.batchSize = batchSize;
        this.createdNanos = createdNanos;
        this.deadlineNanos = deadlineNanos;
    }

    boolean tryAppend(PendingRecord r) {
        if (encoded != null) {
            return false;
        }
        if (!builder.tryAppend(r.timestamp, r.keyBytes, r.valueBytes, r.headers)) {
            return false;
        }
        entries.add(new Entry(
                r.future,
                r.timestamp,
                r.keyBytes == null ? -1 : r.keyBytes.length,
                r.valueBytes == null ? -1 : r.valueBytes.length));
        reservedBytes += r.sizeInBytes;
        return true;
    }

    boolean isFull() {
        return encoded != null || builder.estimatedSizeInBytes() >= batchSize;
    }

    int recordCount() {
        return entries.size();
    }

    boolean isEncoded() {
        return encoded != null;
    }

    /** Encodes (compressing) on first call; the same bytes on later calls. */
    ByteBuf encode() {
        ByteBuf b = encoded;
        if (b == null) {
            uncompressedSize = builder.estimatedSizeInBytes();
            b = builder.close();
            encoded = b;
        }
        return b;
    }

    /** Encoded size divided by the uncompressed size; 1 before encoding. */
    double compressionRatio() {
        ByteBuf b = encoded;
        return b == null || uncompressedSize == 0 ? 1.0 : (double) b.readableBytes() / uncompressedSize;
    }

    int sizeInBytes() {
        ByteBuf b = encoded;
        return b != null ? b.readableBytes() : builder.estimatedSizeInBytes();
    }

    /**
     * Forgets the producer state of a batch that is known not to be in the log (every attempt was
     * answered with a rejection), so that it can be stamped under a new epoch.
     */
    void clearStamp() {
        if (mayBeWritten) {
            throw new IllegalStateException("A batch that may be in the log must keep its sequence");
        }
        producerId = -1;
        producerEpoch = -1;
        baseSequence = -1;
    }

    /**
     * Splits a batch the broker refused as too large (none of its attempts was written: the broker
     * checks the size before anything else) into two batches of about half its size each, records
     * in their order, taking its place: the same id, creation time and deadline, its futures,
     * flushes and buffer space. A stamped batch passes its sequence range on, the first piece
     * starting at its base sequence and the second right after it, so batches stamped after it
     * still follow without a gap; the pieces also keep {@link #mayBeWritten}. This batch is spent
     * afterwards (its futures are the pieces' now).
     *
     * @param compression the producer's codec, to encode the pieces with
     */
    List<ProducerBatch> split(CompressionType compression) {
        if (entries.size() < 2 || done || inFlight) {
            throw new IllegalStateException("Only an idle batch of at least two records can be split");
        }
        ByteBuf bytes = encode();
        RecordBatchReader reader = RecordBatchReader.of(bytes.duplicate(), partition, false, Integer.MAX_VALUE);
        RecordBatch batch = reader.next();
        List<Record> records = new ArrayList<>(entries.size());
        batch.records().forEachRemaining(records::add);
        if (records.size() != entries.size()) {
            throw new IllegalStateException(
                    "The encoded batch holds " + records.size() + " records, expected " + entries.size());
        }
        long[] cumulative = new long[records.size()];
        long total = 0;
        List<byte @Nullable []> keys = new ArrayList<>(records.size());
        List<byte @Nullable []> values = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            Record r = records.get(i);
            byte[] key = bytesOf(r.key());
            byte[] value = bytesOf(r.value());
            keys.add(key);
            values.add(value);
            total += RecordBatchBuilder.recordSizeUpperBound(key, value, r.headers());
            cumulative[i] = total;
        }
        // The first piece ends with the record that takes it to half the size; each piece keeps at
        // least one record.
        int cut = 1;
        while (cut < records.size() - 1 && cumulative[cut - 1] * 2 < total) {
            cut++;
        }
        int[][] ranges = {{0, cut}, {cut, records.size()}};
        List<ProducerBatch> pieces = new ArrayList<>(2);
        long reservedLeft = reservedBytes;
        for (int[] range : ranges) {
            int from = range[0];
            int to = range[1];
            // Upper bounds of the records' sizes: every record fits, and the buffer is not oversized.
            long bound =
                    RecordBatchBuilder.BATCH_OVERHEAD + cumulative[to - 1] - (from == 0 ? 0 : cumulative[from - 1]);
            int pieceLimit = (int) Math.min(Integer.MAX_VALUE, bound);
            ProducerBatch piece = new ProducerBatch(
                    id,
                    splitIndex + from,
                    partition,
                    RecordBatchBuilder.create(compression, pieceLimit),
                    batchSize,
                    createdNanos,
                    deadlineNanos);
            for (int i = from; i < to; i++) {
                Record r = records.get(i);
                if (!piece.builder.tryAppend(r.timestamp(), keys.get(i), values.get(i), r.headers())) {
                    throw new IllegalStateException("A piece of a split batch refused a record");
                }
                piece.entries.add(entries.get(i));
            }
            long reserved =
                    to == records.size() ? reservedLeft : (long) ((double) reservedBytes * cumulative[to - 1] / total);
            piece.reservedBytes = reserved;
            reservedLeft -= reserved;
            piece.lastError = lastError;
            // An earlier attempt without an answer may have been written (if the topic's limit was
            // lowered since): then the records of each piece may be in the log too.
            piece.mayBeWritten = mayBeWritten;
            if (baseSequence >= 0) {
                piece.stamp(producerId, producerEpoch, baseSequence + from, transactional);
            } else {
                piece.encode();
            }
            pieces.add(piece);
        }
        List<FlushTracker> f = flushes;
        flushes = null;
        if (f != null) {
            for (FlushTracker t : f) {
                for (ProducerBatch piece : pieces) {
                    piece.track(t);
                }
                t.arrive();
            }
        }
        reservedBytes = 0;
        done = true;
        delivered = true;
        return pieces;
    }

    private static byte @Nullable [] bytesOf(@Nullable ByteBuf b) {
        return b == null ? null : ByteBufUtil.getBytes(b);
    }

    /** {@link #stamp(long, short, int, boolean)} outside a transaction. */
    void stamp(long producerId, short epoch, int baseSequence) {
        stamp(producerId, epoch, baseSequence, false);
    }

    /** Stamps producer id, epoch, base sequence and transactional flag (rewrites its CRC). */
    void stamp(long producerId, short epoch, int baseSequence, boolean transactional) {
        this.producerId = producerId;
        this.producerEpoch = epoch;
        this.baseSequence = baseSequence;
        this.transactional = transactional;
        RecordBatchBuilder.setProducerState(encode(), producerId, epoch, baseSequence, transactional);
    }

    /**
     * Records success; the futures complete in {@link #deliver}, once every earlier batch of the
     * partition is delivered too.
     */
    void settle(long baseOffset, long logAppendTime) {
        if (done) {
            return;
        }
        done = true;
        resultOffset = baseOffset;
        resultLogAppendTime = logAppendTime;
    }

    /** Records failure; the futures fail in {@link #deliver}. */
    void settleFailure(Throwable error) {
        if (done) {
            return;
        }
        done = true;
        resultError = error;
    }

    /** Completes the records' futures with the settled outcome, once. */
    void deliver() {
        if (!done || delivered) {
            return;
        }
        delivered = true;
        Throwable error = resultError;
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (error != null) {
                e.future.completeExceptionally(error);
                continue;
            }
            long offset = resultOffset < 0 ? -1 : resultOffset + i;
            long timestamp = resultLogAppendTime >= 0 ? resultLogAppendTime : e.timestamp;
            e.future.complete(new RecordMetadata(
                    partition.topic(), partition.partition(), offset, timestamp, e.keySize, e.valueSize));
        }
        notifyFlushes();
    }

    /** Lets the flush know when this batch is done. */
    void track(FlushTracker flush) {
        if (done) {
            return;
        }
        List<FlushTracker> f = flushes;
        if (f == null) {
            f = new ArrayList<>(1);
            flushes = f;
        } else if (f.contains(flush)) {
            return;
        }
        flush.add();
        f.add(flush);
    }

    private void notifyFlushes() {
        List<FlushTracker> f = flushes;
        if (f != null) {
            flushes = null;
            for (FlushTracker t : f) {
                t.arrive();
            }
        }
    }

    record Entry(CompletableFuture<RecordMetadata> future, long timestamp, int keySize, int valueSize) {}
}
