package dev.asynckafka.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the metric maps a scenario reports. */
final class Results {
    private Results() {}

    static Map<String, Double> throughput(Measurement m, long records, long failures) {
        if (failures > 0) {
            throw new IllegalStateException(failures + " records failed");
        }
        double wall = m.wallSeconds();
        Map<String, Double> r = new LinkedHashMap<>();
        r.put("records/s", records / wall);
        r.put("cpu s/1M records", m.cpuSeconds() / records * 1e6);
        r.put("alloc B/record", (double) m.allocatedBytes() / records);
        return r;
    }

    static Map<String, Double> latency(Measurement m, Latencies latencies) {
        if (latencies.count() == 0) {
            throw new IllegalStateException("no latency samples");
        }
        Map<String, Double> r = new LinkedHashMap<>();
        r.put("p50 ms", latencies.percentileMillis(50));
        r.put("p99 ms", latencies.percentileMillis(99));
        r.put("p99.9 ms", latencies.percentileMillis(99.9));
        r.put("samples", (double) latencies.count());
        r.put("cpu s", m.cpuSeconds());
        return r;
    }
}
