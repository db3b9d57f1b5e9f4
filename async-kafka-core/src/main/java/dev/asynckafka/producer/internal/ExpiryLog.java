package dev.asynckafka.producer.internal;

import dev.asynckafka.common.TopicPartition;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Collects the batches that expire in one burst (one pass of the sender) and logs one WARN per
 * partition and burst, naming the last error the partition saw; at most one line per partition per
 * interval of the {@link LogLimiter}, with what was held back added to the next line. Event loop
 * only.
 */
final class ExpiryLog {
    private final Logger log;
    private final LogLimiter limiter;
    private final long deliveryTimeoutMs;
    private final Map<TopicPartition, Burst> burst = new LinkedHashMap<>();
    private final Map<TopicPartition, Burst> heldBack = new LinkedHashMap<>();

    ExpiryLog(Logger log, LogLimiter limiter, long deliveryTimeoutMs) {
        this.log = log;
        this.limiter = limiter;
        this.deliveryTimeoutMs = deliveryTimeoutMs;
    }

    /** Notes one expired batch. */
    void add(TopicPartition partition, int records, @Nullable Throwable lastError) {
        burst.computeIfAbsent(partition, p -> new Burst()).add(1, records, lastError);
    }

    /** Ends the burst: logs (or holds back) one line per partition. */
    void flush() {
        if (burst.isEmpty()) {
            return;
        }
        for (Map.Entry<TopicPartition, Burst> e : burst.entrySet()) {
            TopicPartition partition = e.getKey();
            Burst b = e.getValue();
            if (!limiter.tryAcquire(partition)) {
                heldBack.computeIfAbsent(partition, p -> new Burst()).add(b.batches, b.records, b.lastError);
                continue;
            }
            Burst earlier = heldBack.remove(partition);
            Throwable last = b.lastError != null ? b.lastError : earlier == null ? null : earlier.lastError;
            log.warn(
                    "Expired {} batch(es) ({} records) of {}: not acknowledged within delivery.timeout.ms={}; last"
                            + " error: {}{}",
                    b.batches,
                    b.records,
                    partition,
                    deliveryTimeoutMs,
                    last == null ? "none (never answered)" : last.toString(),
                    earlier == null
                            ? ""
                            : " (and " + earlier.batches + " batch(es), " + earlier.records
                                    + " records, since the last report)");
        }
        burst.clear();
    }

    private static final class Burst {
        long batches;
        long records;

        @Nullable
        Throwable lastError;

        void add(long batches, long records, @Nullable Throwable lastError) {
            this.batches += batches;
            this.records += records;
            if (lastError != null) {
                this.lastError = lastError;
            }
        }
    }
}
