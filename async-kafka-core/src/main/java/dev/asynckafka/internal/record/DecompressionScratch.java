package dev.asynckafka.internal.record;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.zip.Inflater;
import org.jspecify.annotations.Nullable;

/**
 * A small striped pool of decompression work arrays and gzip {@link Inflater}s, so decoding a batch does
 * not allocate (and zero) an oversized output array, nor set up zlib, every time.
 *
 * <p>Decompressed sizes are not known up front in Kafka's framings, so a batch is decompressed into a
 * work array, and either its exact result is copied out to the array the records are sliced from (an
 * allocation the JIT need not zero), or, for {@link RecordBatch#forEachRecord}, records are read in place
 * and the array is given back once the visit ends. A work array is owned by one decoder between {@link
 * #takeArray} and {@link #giveArray}. Slots are chosen by thread, taken with an atomic swap, so
 * threads (platform or virtual) never share an array or inflater. At most {@link #SLOTS} arrays of at most
 * {@link #RETAINED_ARRAY_MAX} bytes each are kept; larger ones are left to the garbage collector.
 */
final class DecompressionScratch {
    /** The largest work array kept for reuse. */
    static final int RETAINED_ARRAY_MAX = 1024 * 1024;
    /** The size of a new work array when none is pooled, unless the expected size is larger. */
    static final int INITIAL_ARRAY = 64 * 1024;

    private static final int SLOTS = slots(Runtime.getRuntime().availableProcessors());
    private static final AtomicReferenceArray<byte @Nullable []> ARRAYS = new AtomicReferenceArray<>(SLOTS);
    private static final AtomicReferenceArray<@Nullable Inflater> INFLATERS = new AtomicReferenceArray<>(SLOTS);

    private DecompressionScratch() {}

    /** A power of two, twice the processors, between 2 and 16. */
    static int slots(int processors) {
        int wanted = Math.max(2, Math.min(16, 2 * processors));
        return Integer.highestOneBit(wanted - 1) << 1;
    }

    private static int slot() {
        return mix(System.identityHashCode(Thread.currentThread())) & (SLOTS - 1);
    }

    private static int mix(int h) {
        return h ^ (h >>> 16);
    }

    /** A work array: a pooled one if this thread's slot has one, else a new one of about {@code expected}. */
    static byte[] takeArray(int expected, int limit) {
        byte[] pooled = ARRAYS.getAndSet(slot(), null);
        if (pooled != null) {
            return pooled;
        }
        return new byte[Math.max(0, Math.min(limit, Math.max(expected, INITIAL_ARRAY)))];
    }

    /** Returns a work array for reuse; arrays over {@link #RETAINED_ARRAY_MAX} are dropped. */
    static void giveArray(byte[] array) {
        if (array.length <= RETAINED_ARRAY_MAX && array.length > 0) {
            ARRAYS.set(slot(), array);
        }
    }

    /** A raw-deflate inflater, reset; give it back with {@link #giveInflater} or end it. */
    static Inflater takeInflater() {
        Inflater pooled = INFLATERS.getAndSet(slot(), null);
        if (pooled != null) {
            pooled.reset();
            return pooled;
        }
        return new Inflater(true);
    }

    /** Returns an inflater that ended normally for reuse; one displaced from the slot is ended. */
    static void giveInflater(Inflater inflater) {
        Inflater displaced = INFLATERS.getAndSet(slot(), inflater);
        if (displaced != null) {
            displaced.end();
        }
    }
}
