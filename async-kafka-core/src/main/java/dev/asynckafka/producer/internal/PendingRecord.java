package dev.asynckafka.producer.internal;

import dev.asynckafka.producer.RecordMetadata;
import dev.asynckafka.record.Header;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A serialized record on its way from {@code send} to a batch: waiting for its topic's metadata or
 * for buffer space, or about to be appended.
 */
public final class PendingRecord {
    final String topic;
    final int partition;
    final @Nullable Object key;
    final @Nullable Object value;
    final byte @Nullable [] keyBytes;
    final byte @Nullable [] valueBytes;
    final Header[] headers;
    final long timestamp;
    final int sizeInBytes;
    final long createdNanos;
    final CompletableFuture<RecordMetadata> future;
    /** Flushes waiting for this record while it waits itself; handed to its batch on append. */
    @Nullable
    List<FlushTracker> flushes;

    public PendingRecord(
            String topic,
            int partition,
            @Nullable Object key,
            @Nullable Object value,
            byte @Nullable [] keyBytes,
            byte @Nullable [] valueBytes,
            Header[] headers,
            long timestamp,
            int sizeInBytes,
            long createdNanos,
            CompletableFuture<RecordMetadata> future) {
        this.topic = topic;
        this.partition = partition;
        this.key = key;
        this.value = value;
        this.keyBytes = keyBytes;
        this.valueBytes = valueBytes;
        this.headers = headers;
        this.timestamp = timestamp;
        this.sizeInBytes = sizeInBytes;
        this.createdNanos = createdNanos;
        this.future = future;
    }

    void track(FlushTracker flush) {
        flush.add();
        List<FlushTracker> f = flushes;
        if (f == null) {
            f = new ArrayList<>(1);
            flushes = f;
        }
        f.add(flush);
    }

    /** Moves this record's flushes to the batch it joined (or, with null, releases them). */
    void handOverFlushes(@Nullable ProducerBatch batch) {
        List<FlushTracker> f = flushes;
        if (f == null) {
            return;
        }
        flushes = null;
        for (FlushTracker t : f) {
            if (batch != null) {
                batch.track(t);
            }
            t.arrive();
        }
    }
}
