package dev.asynckafka.producer.internal;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.internal.record.RecordBatchBuilder;
import dev.asynckafka.producer.RecordMetadata;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The records of one partition sent together: open while records are appended, closed (encoded)
 * when first drained, then possibly sent several times. Event loop only.
 */
final class ProducerBatch {
    /** Creation order within the producer; batches of a partition are sent in this order. */
    final long id;

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
        this.id = id;
        this.partition = partition;
        this.builder = builder;
        this.batchSize = batchSize;
        this.createdNanos = createdNanos;
        this.deadlineNanos = createdNanos + deliveryTimeoutNanos;
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

    /** Stamps producer id, epoch and base sequence into the encoded batch (rewrites its CRC). */
    void stamp(long producerId, short epoch, int baseSequence) {
        this.producerId = producerId;
        this.producerEpoch = epoch;
        this.baseSequence = baseSequence;
        RecordBatchBuilder.setProducerState(encode(), producerId, epoch, baseSequence, false);
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
