package dev.asynckafka.consumer;

import dev.asynckafka.common.TopicPartition;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One of our consumers in a group test: records listener calls and consumes in a thread of its own. */
final class GroupTestMember implements RebalanceListener, AutoCloseable {
    record Event(String kind, Set<TopicPartition> partitions) {}

    final String name;
    final AsyncKafkaConsumer<String, String> consumer;
    final List<Event> events = new CopyOnWriteArrayList<>();
    final Map<String, Integer> seen = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean commitAfterProcessing;

    GroupTestMember(String name, ConsumerOptions options, String topic, boolean poll) {
        this.name = name;
        this.consumer = ConsumerTestSupport.stringConsumer(options);
        consumer.subscribe(List.of(topic), this);
        this.thread = new Thread(this::run, "group-member-" + name);
        thread.setDaemon(true);
        if (poll) {
            thread.start();
        }
    }

    GroupTestMember commitAfterProcessing() {
        this.commitAfterProcessing = true;
        return this;
    }

    private void run() {
        while (running) {
            try {
                ConsumerRecords<String, String> batch =
                        consumer.getMany(Duration.ofMillis(200)).get(30, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (ConsumerRecord<String, String> r : batch) {
                    seen.merge(r.value(), 1, Integer::sum);
                    offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                }
                if (commitAfterProcessing && !offsets.isEmpty()) {
                    consumer.commit(offsets).get(30, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
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
        events.add(new Event("revoked", partitions));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> onPartitionsAssigned(Set<TopicPartition> partitions) {
        events.add(new Event("assigned", partitions));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> onPartitionsLost(Set<TopicPartition> partitions) {
        events.add(new Event("lost", partitions));
        return CompletableFuture.completedFuture(null);
    }

    Set<TopicPartition> assignment() {
        return consumer.assignment();
    }

    void stopPolling() throws InterruptedException {
        running = false;
        thread.join(30_000);
    }

    @Override
    public void close() throws ExecutionException, TimeoutException {
        try {
            stopPolling();
            consumer.closeAsync(Duration.ofSeconds(30)).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while closing the member", e);
        }
    }
}
