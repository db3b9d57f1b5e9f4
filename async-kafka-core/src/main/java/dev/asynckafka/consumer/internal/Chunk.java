package dev.asynckafka.consumer.internal;

import dev.asynckafka.consumer.ConsumerRecord;
import dev.asynckafka.errors.KafkaException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The data one fetch returned for one partition, in the partition's buffer. It is queued in offset
 * order as soon as the response arrives and decoded later off the event loop; records are handed
 * out only once it is decoded and only from the head of the queue, so order holds however decoding
 * is scheduled. Event loop only, except {@link #decoded(DecodeResult)} which publishes through the
 * loop.
 */
final class Chunk<K, V> {
    /** The fetch offset the request asked for: records before it (in a compressed batch) are skipped. */
    final long fetchOffset;
    /** The offset after the last complete batch: where the next fetch starts. */
    final long nextOffset;
    /** The raw size of the fetched data; counts against the buffer bounds until handed out. */
    final long bytes;
    /** The leader epoch of the last complete batch (the one before {@link #nextOffset}), or -1. */
    final int lastEpoch;

    long remainingBytes;
    private @Nullable List<ConsumerRecord<K, V>> records;
    private int index;
    private @Nullable KafkaException error;
    private long errorOffset = -1;

    Chunk(long fetchOffset, long nextOffset, long bytes) {
        this(fetchOffset, nextOffset, bytes, -1);
    }

    Chunk(long fetchOffset, long nextOffset, long bytes, int lastEpoch) {
        this.lastEpoch = lastEpoch;
        this.fetchOffset = fetchOffset;
        this.nextOffset = nextOffset;
        this.bytes = bytes;
        this.remainingBytes = bytes;
    }

    void decoded(DecodeResult<K, V> result) {
        this.records = result.records();
        this.error = result.error();
        this.errorOffset = result.errorOffset();
    }

    boolean isDecoded() {
        return records != null;
    }

    /** Records not yet handed out (0 while not decoded). */
    int remaining() {
        List<ConsumerRecord<K, V>> r = records;
        return r == null ? 0 : r.size() - index;
    }

    /** The error that follows the records, once they are handed out. */
    @Nullable
    KafkaException errorAtHead() {
        return isDecoded() && remaining() == 0 ? error : null;
    }

    long errorOffset() {
        return errorOffset;
    }

    boolean hasError() {
        return error != null;
    }

    /** Whether everything is handed out and no error waits: the chunk can leave the buffer. */
    boolean isDrained() {
        return isDecoded() && remaining() == 0 && error == null;
    }

    /** Moves up to {@code n} records into {@code out}; returns the bytes they released. */
    long take(int n, List<ConsumerRecord<K, V>> out) {
        List<ConsumerRecord<K, V>> r = records;
        if (r == null) {
            return 0;
        }
        int before = r.size() - index;
        int count = Math.min(n, before);
        for (int i = 0; i < count; i++) {
            out.add(r.get(index++));
        }
        long released = before == count ? remainingBytes : remainingBytes * count / before;
        remainingBytes -= released;
        return released;
    }

    /** The leader epoch of the last record handed out, or -1. */
    int lastTakenEpoch() {
        List<ConsumerRecord<K, V>> r = records;
        return r == null || index == 0 ? -1 : r.get(index - 1).leaderEpoch();
    }

    /** The offset of the last record handed out, or -1. */
    long lastTakenOffset() {
        List<ConsumerRecord<K, V>> r = records;
        return r == null || index == 0 ? -1 : r.get(index - 1).offset();
    }
}
