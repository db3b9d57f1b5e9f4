package dev.asynckafka.consumer;

import static dev.asynckafka.consumer.ConsumerTestSupport.await;
import static dev.asynckafka.consumer.ConsumerTestSupport.options;
import static dev.asynckafka.consumer.ConsumerTestSupport.producer;
import static dev.asynckafka.consumer.ConsumerTestSupport.stringConsumer;
import static dev.asynckafka.consumer.ConsumerTestSupport.tp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.test.BootstrapServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A getMany/getOne future the application cancels, times out or completes itself hands out
 * nothing: every record reaches exactly one caller, in order, and auto-commit never passes a record
 * that no caller received.
 */
@dev.asynckafka.test.EmbeddedAsyncKafka(
        topics = {"abandon-seq", "abandon-race", "abandon-commit"},
        partitions = 2)
@Timeout(240)
class AbandonedGetManyIT {
    private static final int PER_PARTITION = 10_000;

    private static void fill(String bootstrap, String topic, int perPartition) throws Exception {
        try (KafkaProducer<String, String> p = producer(bootstrap, Map.of("batch.size", 65536))) {
            for (int part = 0; part < 2; part++) {
                for (int i = 0; i < perPartition; i++) {
                    p.send(new ProducerRecord<>(topic, part, null, part + ":" + i));
                }
            }
            p.flush();
        }
    }

    /** The records a settled future delivered; none if the application's completion won. */
    private static List<ConsumerRecord<String, String>> delivered(CompletableFuture<?> f) {
        try {
            Object value = f.get(60, TimeUnit.SECONDS);
            List<ConsumerRecord<String, String>> out = new ArrayList<>();
            if (value instanceof ConsumerRecords<?, ?> records) {
                for (ConsumerRecord<?, ?> r : records) {
                    out.add(cast(r));
                }
            } else if (value instanceof Optional<?> one && one.isPresent()) {
                out.add(cast((ConsumerRecord<?, ?>) one.get()));
            }
            return out;
        } catch (CancellationException | java.util.concurrent.ExecutionException e) {
            return List.of();
        } catch (Exception e) {
            throw new AssertionError("a getMany future never settled", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static ConsumerRecord<String, String> cast(ConsumerRecord<?, ?> r) {
        return (ConsumerRecord<String, String>) r;
    }

    private static void drain(AsyncKafkaConsumer<String, String> c, Map<Integer, List<Long>> seen, int total)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (count(seen) < total && System.nanoTime() < deadline) {
            record(seen, await(c.getMany(Duration.ofMillis(500), 500)));
        }
        // Nothing more may come: a second copy of any record would show up here.
        record(seen, await(c.getMany(Duration.ofMillis(300), 500)));
    }

    private static void record(Map<Integer, List<Long>> seen, Iterable<ConsumerRecord<String, String>> records) {
        for (ConsumerRecord<String, String> r : records) {
            seen.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r.offset());
            assertThat(r.value()).isEqualTo(r.partition() + ":" + r.offset());
        }
    }

    private static int count(Map<Integer, List<Long>> seen) {
        return seen.values().stream().mapToInt(List::size).sum();
    }

    private static void assertExactlyOnceInOrder(Map<Integer, List<Long>> seen, int perPartition) {
        for (int part = 0; part < 2; part++) {
            List<Long> offsets = seen.getOrDefault(part, List.of());
            assertThat(offsets).as("partition %d", part).hasSize(perPartition);
            for (int i = 0; i < perPartition; i++) {
                assertThat(offsets.get(i))
                        .as("partition %d, record %d", part, i)
                        .isEqualTo(i);
            }
        }
    }

    @Test
    void abandonedFuturesLoseNothing(@BootstrapServers String bootstrap) throws Exception {
        fill(bootstrap, "abandon-seq", PER_PARTITION);
        Map<Integer, List<Long>> seen = new HashMap<>();
        int abandoned = 0;
        try (AsyncKafkaConsumer<String, String> c =
                stringConsumer(options(bootstrap).build())) {
            c.assign(List.of(tp("abandon-seq", 0), tp("abandon-seq", 1)));
            // Let data arrive, so the abandoned calls have records to take.
            record(seen, await(c.getMany(Duration.ofSeconds(10), 1)));
            for (int i = 0; i < 200; i++) {
                CompletableFuture<ConsumerRecords<String, String>> f = c.getMany(Duration.ofSeconds(1), 50);
                if (i % 2 == 0) {
                    f.orTimeout(1, TimeUnit.MILLISECONDS);
                } else {
                    f.cancel(false);
                }
                List<ConsumerRecord<String, String>> got = delivered(f);
                if (f.isCompletedExceptionally()) {
                    abandoned++;
                }
                // A future whose claim won the race delivers its records: they count as seen.
                record(seen, got);
            }
            drain(c, seen, 2 * PER_PARTITION);
        }
        assertThat(abandoned).as("futures the application gave up on").isGreaterThan(0);
        assertExactlyOnceInOrder(seen, PER_PARTITION);
    }

    @Test
    void cancelRacingCompletionFromManyThreadsLosesNothing(@BootstrapServers String bootstrap) throws Exception {
        fill(bootstrap, "abandon-race", PER_PARTITION);
        Map<TopicPartition, Set<Long>> seen = new ConcurrentHashMap<>();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicInteger abandoned = new AtomicInteger();
        AtomicInteger iterations = new AtomicInteger();
        AtomicInteger racedDeliveries = new AtomicInteger();
        ConcurrentLinkedQueue<CompletableFuture<?>> pending = new ConcurrentLinkedQueue<>();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try (AsyncKafkaConsumer<String, String> c =
                stringConsumer(options(bootstrap).build())) {
            c.assign(List.of(tp("abandon-race", 0), tp("abandon-race", 1)));
            // Let data arrive first, so the racing calls have records to take.
            for (ConsumerRecord<String, String> r : await(c.getMany(Duration.ofSeconds(10), 1))) {
                seen.computeIfAbsent(tp(r.topic(), r.partition()), p -> ConcurrentHashMap.newKeySet())
                        .add(r.offset());
            }
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                tasks.add(threads.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < 1500; i++) {
                        iterations.incrementAndGet();
                        CompletableFuture<?> f = random.nextBoolean()
                                ? c.getMany(Duration.ofMillis(20), 1 + random.nextInt(8))
                                : c.getOne(Duration.ofMillis(20));
                        // Give up at a random moment: before, during or after the consumer serves it.
                        long spin = random.nextLong(0, 200_000);
                        long until = System.nanoTime() + spin;
                        while (System.nanoTime() < until) {
                            Thread.onSpinWait();
                        }
                        switch (random.nextInt(4)) {
                            case 0 -> f.cancel(false);
                            case 1 -> f.completeExceptionally(new IllegalStateException("gave up"));
                            case 2 -> f.orTimeout(random.nextInt(2), TimeUnit.MILLISECONDS);
                            default -> {
                                @SuppressWarnings("unchecked")
                                CompletableFuture<Object> g = (CompletableFuture<Object>) f;
                                g.complete(Optional.empty());
                            }
                        }
                        pending.add(f);
                    }
                    return null;
                }));
            }
            for (Future<?> task : tasks) {
                task.get(120, TimeUnit.SECONDS);
            }
            for (CompletableFuture<?> f : pending) {
                List<ConsumerRecord<String, String>> got = delivered(f);
                if (f.isCompletedExceptionally()) {
                    abandoned.incrementAndGet();
                }
                racedDeliveries.addAndGet(got.size());
                for (ConsumerRecord<String, String> r : got) {
                    if (!seen.computeIfAbsent(tp(r.topic(), r.partition()), p -> ConcurrentHashMap.newKeySet())
                            .add(r.offset())) {
                        duplicates.incrementAndGet();
                    }
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (seen.values().stream().mapToInt(Set::size).sum() < 2 * PER_PARTITION
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : await(c.getMany(Duration.ofMillis(500), 500))) {
                    if (!seen.computeIfAbsent(tp(r.topic(), r.partition()), p -> ConcurrentHashMap.newKeySet())
                            .add(r.offset())) {
                        duplicates.incrementAndGet();
                    }
                }
            }
            assertThat(await(c.getMany(Duration.ofMillis(300), 500)).count())
                    .as("records left after everything was seen")
                    .isZero();
        } finally {
            threads.shutdownNow();
        }
        assertThat(iterations.get()).isEqualTo(6000);
        assertThat(abandoned.get()).as("futures the application won").isGreaterThan(0);
        assertThat(racedDeliveries.get())
                .as("records delivered to futures raced by the application")
                .isGreaterThan(0);
        assertThat(duplicates.get()).as("records handed out twice").isZero();
        for (int part = 0; part < 2; part++) {
            assertThat(seen.get(tp("abandon-race", part)))
                    .as("partition %d", part)
                    .hasSize(PER_PARTITION)
                    .allMatch(o -> o >= 0 && o < PER_PARTITION);
        }
    }

    @Test
    void autoCommitNeverPassesARecordNoCallerReceived(@BootstrapServers String bootstrap) throws Exception {
        int perPartition = 2_000;
        fill(bootstrap, "abandon-commit", perPartition);
        String group = "abandon-commit-group";
        Map<Integer, List<Long>> seen = new HashMap<>();
        ConsumerOptions options = options(bootstrap)
                .groupId(group)
                .enableAutoCommit(true)
                .autoCommitInterval(Duration.ofMillis(100))
                .build();
        List<TopicPartition> parts = List.of(tp("abandon-commit", 0), tp("abandon-commit", 1));
        try (AsyncKafkaConsumer<String, String> c = stringConsumer(options)) {
            await(c.subscribe(List.of("abandon-commit")));
            // Receive about a quarter of the records, abandoning a future between every two taken.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (count(seen) < perPartition / 2 && System.nanoTime() < deadline) {
                CompletableFuture<ConsumerRecords<String, String>> abandonedCall =
                        c.getMany(Duration.ofSeconds(1), 100);
                abandonedCall.cancel(false);
                record(seen, delivered(abandonedCall));
                record(seen, await(c.getMany(Duration.ofSeconds(5), 20)));
            }
            // Several auto-commit intervals pass with outstanding, abandoned calls only.
            for (int i = 0; i < 30; i++) {
                CompletableFuture<ConsumerRecords<String, String>> f = c.getMany(Duration.ofSeconds(1), 100);
                f.completeOnTimeout(ConsumerRecords.empty(), 1, TimeUnit.MILLISECONDS);
                record(seen, delivered(f));
                Thread.sleep(20);
            }
            Map<TopicPartition, OffsetAndMetadata> committed = await(c.committed(Set.copyOf(parts)));
            for (TopicPartition tp : parts) {
                long received = seen.getOrDefault(tp.partition(), List.of()).size();
                OffsetAndMetadata offset = committed.get(tp);
                long committedOffset = offset == null ? 0 : offset.offset();
                assertThat(committedOffset)
                        .as("committed offset of %s, %d records received", tp, received)
                        .isLessThanOrEqualTo(received);
            }
        }
        // The close commits the positions: exactly what callers received, nothing abandoned.
        try (AsyncKafkaConsumer<String, String> check =
                stringConsumer(options(bootstrap).groupId(group).build())) {
            Map<TopicPartition, OffsetAndMetadata> committed = await(check.committed(Set.copyOf(parts)));
            for (TopicPartition tp : parts) {
                List<Long> offsets = seen.getOrDefault(tp.partition(), List.of());
                for (int i = 0; i < offsets.size(); i++) {
                    assertThat(offsets.get(i)).isEqualTo(i);
                }
                assertThat(committed.get(tp)).as("committed offset of %s", tp).isNotNull();
                assertThat(committed.get(tp).offset()).isEqualTo(offsets.size());
            }
        }
    }
}
