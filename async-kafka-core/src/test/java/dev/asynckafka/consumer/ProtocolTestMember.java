package dev.asynckafka.consumer;

import dev.asynckafka.common.TopicPartition;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A group member for protocol tests: processes records (counts each value), commits after
 * processing, and keeps the group-wide ownership ledger: a partition is entered on the assign
 * callback and left on revoke/lost, and entering one that another member holds is a violation.
 * Revocation waits for the batch being processed and its commit, and records of partitions revoked
 * meanwhile are dropped (their next owner reads them from the committed offset); if they came back
 * meanwhile (an eager rebalance), the member seeks back and reads them again.
 */
final class ProtocolTestMember implements RebalanceListener, AutoCloseable {
    /** A processed record: when and from which partition. */
    record Processed(long nanos, TopicPartition partition) {}

    final String name;
    final AsyncKafkaConsumer<String, String> consumer;
    final Map<String, Integer> seen = new ConcurrentHashMap<>();
    final List<Processed> processed = new CopyOnWriteArrayList<>();
    final List<String> events = new CopyOnWriteArrayList<>();
    final AtomicInteger lost = new AtomicInteger();
    /** Per partition, revocations and losses so far: the poll loop detects one during its poll. */
    private final Map<TopicPartition, Integer> revocations = new ConcurrentHashMap<>();

    private final Map<TopicPartition, String> ledger;
    private final List<String> violations;
    private final Set<TopicPartition> owned = ConcurrentHashMap.newKeySet();
    private final ReentrantLock processing = new ReentrantLock();
    private final Thread thread;
    private volatile boolean running = true;

    ProtocolTestMember(
            String name,
            ConsumerOptions options,
            String topic,
            Map<TopicPartition, String> ledger,
            List<String> violations) {
        this.name = name;
        this.ledger = ledger;
        this.violations = violations;
        this.consumer = ConsumerTestSupport.stringConsumer(options);
        consumer.subscribe(List.of(topic), this);
        this.thread = new Thread(this::run, "protocol-member-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            try {
                Map<TopicPartition, Integer> revocationsBefore = Map.copyOf(revocations);
                ConsumerRecords<String, String> batch =
                        consumer.getMany(Duration.ofMillis(200)).get(30, TimeUnit.SECONDS);
                processing.lock();
                try {
                    // A revocation since getMany was called may have been followed by the same
                    // partitions coming back (an eager rebalance): this batch may then hold records
                    // read before the revocation, which the consumer delivers again from the
                    // committed offset. Rewind those partitions to the batch's first offset instead.
                    Map<TopicPartition, Long> rewind = new HashMap<>();
                    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                    for (ConsumerRecord<String, String> r : batch) {
                        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                        if (!owned.contains(tp)) {
                            continue; // revoked after the fetch: its next owner reads it
                        }
                        if (!Objects.equals(revocations.get(tp), revocationsBefore.get(tp))) {
                            rewind.putIfAbsent(tp, r.offset());
                            continue;
                        }
                        seen.merge(r.value(), 1, Integer::sum);
                        processed.add(new Processed(System.nanoTime(), tp));
                        offsets.put(tp, new OffsetAndMetadata(r.offset() + 1));
                    }
                    if (!offsets.isEmpty()) {
                        consumer.commit(offsets).get(30, TimeUnit.SECONDS);
                    }
                    for (Map.Entry<TopicPartition, Long> e : rewind.entrySet()) {
                        events.add("rewound " + e.getKey() + " to " + e.getValue() + " after a revocation");
                        consumer.seek(e.getKey(), e.getValue()).get(30, TimeUnit.SECONDS);
                    }
                } finally {
                    processing.unlock();
                }
            } catch (Exception e) {
                events.add("poll loop: " + e);
                if (!running) {
                    return;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    @Override
    public CompletionStage<Void> onPartitionsRevoked(Set<TopicPartition> partitions) {
        processing.lock();
        try {
            events.add("revoked " + partitions);
            release(partitions);
        } finally {
            processing.unlock();
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> onPartitionsAssigned(Set<TopicPartition> partitions) {
        events.add("assigned " + partitions);
        for (TopicPartition tp : partitions) {
            String other = ledger.putIfAbsent(tp, name);
            if (other != null && !other.equals(name)) {
                violations.add(name + " got " + tp + " while " + other + " owned it");
            }
        }
        owned.addAll(partitions);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> onPartitionsLost(Set<TopicPartition> partitions) {
        processing.lock();
        try {
            events.add("lost " + partitions);
            lost.incrementAndGet();
            release(partitions);
        } finally {
            processing.unlock();
        }
        return CompletableFuture.completedFuture(null);
    }

    private void release(Set<TopicPartition> partitions) {
        partitions.forEach(tp -> revocations.merge(tp, 1, Integer::sum));
        owned.removeAll(partitions);
        partitions.forEach(tp -> ledger.remove(tp, name));
    }

    Set<TopicPartition> assignment() {
        return consumer.assignment();
    }

    /** Records processed from {@code partitions} between the two instants. */
    long processedBetween(long fromNanos, long toNanos, Set<TopicPartition> partitions) {
        return processed.stream()
                .filter(p -> p.nanos() >= fromNanos && p.nanos() <= toNanos && partitions.contains(p.partition()))
                .count();
    }

    void stopPolling() throws InterruptedException {
        running = false;
        thread.join(30_000);
    }

    @Override
    public void close() {
        try {
            stopPolling();
            consumer.closeAsync(Duration.ofSeconds(30)).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while closing " + this, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Closing " + this + " failed", e);
        }
    }
}
