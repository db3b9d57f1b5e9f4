package dev.asynckafka.spring.listener;

import static dev.asynckafka.spring.listener.ListenerTestSupport.FAST;
import static dev.asynckafka.spring.listener.ListenerTestSupport.await;
import static dev.asynckafka.spring.listener.ListenerTestSupport.createTopic;
import static dev.asynckafka.spring.listener.ListenerTestSupport.produce;
import static dev.asynckafka.spring.listener.ListenerTestSupport.runner;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.consumer.ConsumerRecord;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/** Per-partition order, independence of partitions, batches, and the registry, against a real broker. */
@EmbeddedAsyncKafka
@Timeout(180)
class ListenerOrderIT {

    /** Everything the listeners saw, per partition, in call order. */
    static final class Seen {
        final Map<Integer, List<String>> values = new ConcurrentHashMap<>();
        final Map<Integer, List<Long>> offsets = new ConcurrentHashMap<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        void add(int partition, long offset, String value) {
            values.computeIfAbsent(partition, p -> Collections.synchronizedList(new ArrayList<>()))
                    .add(value);
            offsets.computeIfAbsent(partition, p -> Collections.synchronizedList(new ArrayList<>()))
                    .add(offset);
            threads.add(Thread.currentThread().getName());
        }

        int count(int partition) {
            List<String> l = values.get(partition);
            return l == null ? 0 : l.size();
        }

        int total() {
            return values.values().stream().mapToInt(List::size).sum();
        }
    }

    static final class OrderListener {
        final Seen seen;

        OrderListener(Seen seen) {
            this.seen = seen;
        }

        @AsyncKafkaListener(id = "order", topics = "${order.topic}", groupId = "order-group")
        void on(String value, @Partition int partition, @Offset long offset) {
            seen.add(partition, offset, value);
        }
    }

    @Test
    void recordsArriveInOrderPerPartition(@BootstrapServers String bootstrap) throws Exception {
        createTopic(bootstrap, "order", 4);
        produce(bootstrap, "order", 4, 0, 500);
        Seen seen = new Seen();
        runner(bootstrap)
                .withPropertyValues("order.topic=order")
                .withBean(ListenerSettings.class, () -> FAST)
                .withBean(Seen.class, () -> seen)
                .withBean(OrderListener.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    await("2000 records", () -> seen.total() >= 2000);
                    for (int p = 0; p < 4; p++) {
                        List<String> expected = new ArrayList<>();
                        for (int i = 0; i < 500; i++) {
                            expected.add(p + "-" + i);
                        }
                        assertThat(seen.values.get(p)).as("partition " + p).containsExactlyElementsOf(expected);
                        assertThat(seen.offsets.get(p)).isSorted();
                    }
                    assertThat(seen.threads).allMatch(t -> t.startsWith("order-"), "a container executor thread");
                    assertThat(context.getBean(AsyncKafkaListenerRegistry.class)
                                    .container("order")
                                    .orElseThrow()
                                    .assignment())
                            .hasSize(4);
                });
    }

    static final class VirtualOrderListener {
        final Seen seen;
        final List<Boolean> virtual = new CopyOnWriteArrayList<>();

        VirtualOrderListener(Seen seen) {
            this.seen = seen;
        }

        @AsyncKafkaListener(id = "virtual-order", topics = "virtual-order", groupId = "virtual-order-group")
        void on(String value, @Partition int partition, @Offset long offset) throws Exception {
            // Thread.isVirtual() is Java 21 API; this module compiles for Java 17.
            virtual.add((Boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread()));
            seen.add(partition, offset, value);
        }
    }

    /** The same guarantees with lanes on virtual threads ({@code spring.threads.virtual.enabled}). */
    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void recordsArriveInOrderPerPartitionOnVirtualThreads(@BootstrapServers String bootstrap) throws Exception {
        createTopic(bootstrap, "virtual-order", 4);
        produce(bootstrap, "virtual-order", 4, 0, 500);
        Seen seen = new Seen();
        runner(bootstrap)
                .withPropertyValues("spring.threads.virtual.enabled=true")
                .withBean(ListenerSettings.class, () -> FAST)
                .withBean(Seen.class, () -> seen)
                .withBean(VirtualOrderListener.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    await("2000 records", () -> seen.total() >= 2000);
                    for (int p = 0; p < 4; p++) {
                        List<String> expected = new ArrayList<>();
                        for (int i = 0; i < 500; i++) {
                            expected.add(p + "-" + i);
                        }
                        assertThat(seen.values.get(p)).as("partition " + p).containsExactlyElementsOf(expected);
                    }
                    assertThat(context.getBean(VirtualOrderListener.class).virtual)
                            .hasSize(2000)
                            .containsOnly(true);
                });
    }

    static final class SlowListener {
        final Seen seen;
        final CountDownLatch release;

        SlowListener(Seen seen, CountDownLatch release) {
            this.seen = seen;
            this.release = release;
        }

        @AsyncKafkaListener(topics = "slow", groupId = "slow-group")
        void on(ConsumerRecord<String, String> record) throws InterruptedException {
            if (record.partition() == 0) {
                release.await();
            }
            seen.add(record.partition(), record.offset(), record.value());
        }
    }

    @Test
    void aSlowPartitionDoesNotDelayTheOthers(@BootstrapServers String bootstrap) throws Exception {
        createTopic(bootstrap, "slow", 3);
        produce(bootstrap, "slow", 3, 0, 200);
        Seen seen = new Seen();
        CountDownLatch release = new CountDownLatch(1);
        runner(bootstrap)
                .withBean(ListenerSettings.class, () -> FAST)
                .withBean(Seen.class, () -> seen)
                .withBean(CountDownLatch.class, () -> release)
                .withBean(SlowListener.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    await("partitions 1 and 2 done", () -> seen.count(1) == 200 && seen.count(2) == 200);
                    assertThat(seen.count(0))
                            .as("partition 0 is blocked on its first record")
                            .isZero();
                    release.countDown();
                    await("partition 0 done", () -> seen.count(0) == 200);
                    for (int p = 0; p < 3; p++) {
                        List<String> expected = new ArrayList<>();
                        for (int i = 0; i < 200; i++) {
                            expected.add(p + "-" + i);
                        }
                        assertThat(seen.values.get(p)).containsExactlyElementsOf(expected);
                    }
                });
    }

    static final class BatchListener {
        final List<List<ConsumerRecord<String, String>>> batches = new CopyOnWriteArrayList<>();

        @AsyncKafkaListener(topics = "batch", groupId = "batch-group", batch = true)
        void on(List<ConsumerRecord<String, String>> records, @Partition int partition) {
            assertThat(records).allMatch(r -> r.partition() == partition);
            batches.add(records);
        }
    }

    @Test
    void batchesHoldOnePartitionInOrder(@BootstrapServers String bootstrap) throws Exception {
        createTopic(bootstrap, "batch", 2);
        produce(bootstrap, "batch", 2, 0, 300);
        ListenerSettings settings = new ListenerSettings(
                true,
                8,
                100,
                40,
                FAST.commitInterval(),
                FAST.shutdownTimeout(),
                FAST.retry(),
                FAST.deadLetter(),
                FAST.executor());
        runner(bootstrap)
                .withBean(ListenerSettings.class, () -> settings)
                .withBean(BatchListener.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    BatchListener listener = context.getBean(BatchListener.class);
                    await(
                            "600 records",
                            () -> listener.batches.stream().mapToInt(List::size).sum() >= 600);
                    Map<Integer, List<String>> values = new ConcurrentHashMap<>();
                    for (List<ConsumerRecord<String, String>> batch : listener.batches) {
                        assertThat(batch).isNotEmpty().hasSizeLessThanOrEqualTo(40);
                        assertThat(batch.stream().map(ConsumerRecord::partition).distinct())
                                .hasSize(1);
                        for (int i = 1; i < batch.size(); i++) {
                            assertThat(batch.get(i).offset())
                                    .isEqualTo(batch.get(i - 1).offset() + 1);
                        }
                        values.computeIfAbsent(batch.get(0).partition(), p -> new ArrayList<>())
                                .addAll(batch.stream()
                                        .map(ConsumerRecord::value)
                                        .toList());
                    }
                    for (int p = 0; p < 2; p++) {
                        List<String> expected = new ArrayList<>();
                        for (int i = 0; i < 300; i++) {
                            expected.add(p + "-" + i);
                        }
                        assertThat(values.get(p)).containsExactlyElementsOf(expected);
                    }
                    assertThat(listener.batches.size())
                            .as("more than one record per call")
                            .isLessThan(600);
                });
    }

    static final class RegistryListener {
        final List<String> values = new CopyOnWriteArrayList<>();

        @AsyncKafkaListener(id = "reg", topics = "reg", groupId = "reg-group")
        void on(String value) {
            values.add(value);
        }
    }

    @Test
    void registryPausesResumesStopsAndStarts(@BootstrapServers String bootstrap) throws Exception {
        createTopic(bootstrap, "reg", 1);
        produce(bootstrap, "reg", 1, 0, 10);
        runner(bootstrap)
                .withBean(ListenerSettings.class, () -> FAST)
                .withBean(RegistryListener.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    RegistryListener listener = context.getBean(RegistryListener.class);
                    DefaultAsyncKafkaListenerRegistry registry =
                            context.getBean(DefaultAsyncKafkaListenerRegistry.class);
                    ListenerContainer container = registry.container("reg").orElseThrow();
                    await("first 10", () -> listener.values.size() == 10);

                    registry.pause("reg");
                    assertThat(container.isPaused()).isTrue();
                    produce(bootstrap, "reg", 1, 10, 10);
                    // Nothing may arrive while paused: give it ample time to (wrongly) deliver.
                    TimeUnit.SECONDS.sleep(3);
                    assertThat(listener.values).hasSize(10);
                    registry.resume("reg");
                    await("20 after resume", () -> listener.values.size() == 20);

                    registry.stop("reg");
                    assertThat(container.state()).isEqualTo(ListenerContainer.State.STOPPED);
                    assertThat(container.consumer()).isNull();
                    produce(bootstrap, "reg", 1, 20, 5);
                    registry.start("reg");
                    assertThat(container.state()).isEqualTo(ListenerContainer.State.RUNNING);
                    await("25 after restart", () -> listener.values.size() >= 25);
                    List<String> expected = new ArrayList<>();
                    for (int i = 0; i < 25; i++) {
                        expected.add("0-" + i);
                    }
                    // The graceful stop committed everything done: the restart redelivers nothing.
                    assertThat(listener.values).containsExactlyElementsOf(expected);
                });
    }

    static final class BoundedListener {
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger maxRunning = new AtomicInteger();
        final AtomicInteger count = new AtomicInteger();
        final Set<Integer> partitions = ConcurrentHashMap.newKeySet();

        @AsyncKafkaListener(topics = "bounded", groupId = "bounded-group", concurrency = "${bounded.concurrency}")
        void on(String value, @Partition int partition) throws InterruptedException {
            int now = running.incrementAndGet();
            maxRunning.accumulateAndGet(now, Math::max);
            partitions.add(partition);
            Thread.sleep(2);
            running.decrementAndGet();
            count.incrementAndGet();
        }
    }

    @Test
    void concurrencyBoundsTheListenerCallsRunningAtOnce(@BootstrapServers String bootstrap) throws Exception {
        createTopic(bootstrap, "bounded", 4);
        produce(bootstrap, "bounded", 4, 0, 100);
        runner(bootstrap)
                .withPropertyValues("bounded.concurrency=2")
                .withBean(ListenerSettings.class, () -> FAST)
                .withBean(BoundedListener.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    BoundedListener listener = context.getBean(BoundedListener.class);
                    await("400 records", () -> listener.count.get() == 400);
                    assertThat(listener.partitions).containsExactlyInAnyOrder(0, 1, 2, 3);
                    assertThat(listener.maxRunning.get()).isBetween(1, 2);
                });
    }
}
