package dev.asynckafka.sample;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.stereotype.Component;

/** What the sample's listeners did, for {@code GET /orders/stats}. Thread-safe. */
@Component
public class OrderStats {
    private final Map<Integer, LongAdder> processedByPartition = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicLong> lastOffsetByPartition = new ConcurrentHashMap<>();
    private final LongAdder outOfOrder = new LongAdder();
    private final LongAdder audited = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();

    /** Counts an order processed from {@code partition}; notes any offset going backwards (it never should). */
    void processed(int partition, long offset) {
        processedByPartition.computeIfAbsent(partition, p -> new LongAdder()).increment();
        long previous = lastOffsetByPartition
                .computeIfAbsent(partition, p -> new AtomicLong(-1))
                .getAndSet(offset);
        if (offset <= previous) {
            outOfOrder.increment();
        }
    }

    void audited() {
        audited.increment();
    }

    void deadLettered() {
        deadLettered.increment();
    }

    /** A snapshot for the REST endpoint. */
    public Map<String, Object> snapshot() {
        Map<Integer, Long> perPartition = new TreeMap<>();
        processedByPartition.forEach((partition, count) -> perPartition.put(partition, count.sum()));
        long processed =
                perPartition.values().stream().mapToLong(Long::longValue).sum();
        return Map.of(
                "processed", processed,
                "processedByPartition", perPartition,
                "outOfOrder", outOfOrder.sum(),
                "audited", audited.sum(),
                "deadLettered", deadLettered.sum());
    }
}
