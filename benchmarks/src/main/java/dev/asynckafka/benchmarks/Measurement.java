package dev.asynckafka.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * Client-side cost of a measured section in this JVM: wall time, process CPU time (all threads,
 * including the client's I/O threads), and bytes allocated by threads alive at the end.
 */
final class Measurement {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final long startNanos;
    private final long startCpu;
    private final Map<Long, Long> startAlloc;

    private Measurement() {
        this.startAlloc = allocations();
        this.startCpu = OS.getProcessCpuTime();
        this.startNanos = System.nanoTime();
    }

    static Measurement start() {
        return new Measurement();
    }

    /** Seconds since start. */
    double wallSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Process CPU seconds since start. */
    double cpuSeconds() {
        return (OS.getProcessCpuTime() - startCpu) / 1e9;
    }

    /** Bytes allocated since start by threads alive now. */
    long allocatedBytes() {
        long total = 0;
        for (Map.Entry<Long, Long> e : allocations().entrySet()) {
            total += e.getValue() - startAlloc.getOrDefault(e.getKey(), 0L);
        }
        return total;
    }

    private static Map<Long, Long> allocations() {
        ThreadMXBean plain = THREADS;
        long[] ids = plain.getAllThreadIds();
        long[] bytes = THREADS.getThreadAllocatedBytes(ids);
        Map<Long, Long> map = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                map.put(ids[i], bytes[i]);
            }
        }
        return map;
    }
}
