package dev.asynckafka.producer;

/**
 * A point-in-time snapshot of a producer's counters and gauges, for polling (for example by a
 * Micrometer binder). Counters count from the producer's creation.
 *
 * @param recordsSent records acknowledged by the broker (or written, with acks=0)
 * @param recordErrors records whose future failed
 * @param retries batches sent again after a retriable error
 * @param batchesSent batches sent (first attempts)
 * @param batchSizeAvg average size in bytes of the batches sent, 0 before the first
 * @param batchSizeMax largest batch sent, in bytes
 * @param bufferTotalBytes {@code buffer.memory}
 * @param bufferAvailableBytes the part of {@code buffer.memory} not held by unacknowledged records
 * @param waitingForBuffer sends whose records wait for buffer space
 * @param inFlightRequests Produce requests sent and not yet answered
 * @param requestLatencyAvgMs average time from sending a Produce request to its response
 * @param requestLatencyMaxMs longest such time
 * @param requests Produce requests answered
 */
public record ProducerMetrics(
        long recordsSent,
        long recordErrors,
        long retries,
        long batchesSent,
        double batchSizeAvg,
        int batchSizeMax,
        long bufferTotalBytes,
        long bufferAvailableBytes,
        int waitingForBuffer,
        int inFlightRequests,
        double requestLatencyAvgMs,
        double requestLatencyMaxMs,
        long requests) {}
