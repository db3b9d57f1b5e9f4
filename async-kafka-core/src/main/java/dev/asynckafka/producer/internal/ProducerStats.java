package dev.asynckafka.producer.internal;

import dev.asynckafka.producer.ProducerMetrics;

/**
 * The producer's counters. Written only on the event loop (single writer, so plain increments of
 * volatile fields are safe); read from any thread by {@link #snapshot()}.
 */
public final class ProducerStats {
    volatile long recordsSent;
    volatile long recordErrors;
    volatile long retries;
    volatile long batchesSent;
    volatile long batchBytesSent;
    volatile int batchSizeMax;
    volatile long bufferTotal;
    volatile long bufferAvailable;
    volatile int waitingForBuffer;
    volatile int inFlightRequests;
    volatile long requests;
    volatile long requestNanosTotal;
    volatile long requestNanosMax;

    void recordBatch(int bytes) {
        batchesSent++;
        batchBytesSent += bytes;
        if (bytes > batchSizeMax) {
            batchSizeMax = bytes;
        }
    }

    void recordLatency(long nanos) {
        requests++;
        requestNanosTotal += nanos;
        if (nanos > requestNanosMax) {
            requestNanosMax = nanos;
        }
    }

    /** A consistent-enough copy of the counters; any thread. */
    public ProducerMetrics snapshot() {
        long batches = batchesSent;
        long reqs = requests;
        return new ProducerMetrics(
                recordsSent,
                recordErrors,
                retries,
                batches,
                batches == 0 ? 0 : (double) batchBytesSent / batches,
                batchSizeMax,
                bufferTotal,
                bufferAvailable,
                waitingForBuffer,
                inFlightRequests,
                reqs == 0 ? 0 : requestNanosTotal / 1e6 / reqs,
                requestNanosMax / 1e6,
                reqs);
    }
}
