package dev.asynckafka.spring.listener;

import static dev.asynckafka.spring.listener.ListenerTestSupport.FAST;
import static dev.asynckafka.spring.listener.ListenerTestSupport.await;
import static dev.asynckafka.spring.listener.ListenerTestSupport.committed;
import static dev.asynckafka.spring.listener.ListenerTestSupport.createTopic;
import static dev.asynckafka.spring.listener.ListenerTestSupport.produce;
import static dev.asynckafka.spring.listener.ListenerTestSupport.runner;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Stop, start, failure, pause and rebalance edges of the container, against the embedded broker. */
@EmbeddedAsyncKafka
@Timeout(240)
class ListenerLifecycleIT {

    private static ListenerSettings settings(int concurrency, Duration commitInterval, Duration shutdownTimeout) {
        return new ListenerSettings(
                true,
                concurrency,
                100,
                500,
                commitInterval,
                shutdownTimeout,
                FAST.retry(),
                FAST.deadLetter(),
                FAST.executor());
    }

    private static DefaultListenerContainer container(
            org.springframework.context.ApplicationContext context, String id) {
        return (DefaultListenerContainer) context.getBean(DefaultAsyncKafkaListenerRegistry.class)
                .container(id)
                .orElseThrow();
    }

    /** Waits until the thread waits (blocked on a monitor, or parked waiting for a future or latch). */
    private static void awaitWaiting(Thread t) throws InterruptedException {
        await(t.getName() + " waiting", () -> {
            Thread.State s = t.getState();
            return s == Thread.State.WAITING || s == Thread.State.BLOCKED || s == Thread.State.TERMINATED;
        });
        assertThat(t.isAlive()).as(t.getName() + " still waiting").isTrue();
    }

    // ------------------------------------------------------------------ one partition, never two calls at once

    static final class HeldListener {
        final CompletableFuture<Void> held = new CompletableFuture<>();
        final AtomicBoolean first = new AtomicBoolean(true);
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<String> overlapping = new CopyOnWriteArrayList<>();

        @AsyncKafkaListener(id = "held", topics = "held", groupId = "held-group")
        CompletionStage<Void> on(String value) {
            calls.add(value);
            if (first.getAndSet(false)) {
                return held;
            }
            if (!held.isDone()) {
                overlapping.add(value);
            }
            return CompletableFuture.completedFuture(null);
        }
    }

    @Test
    void aRestartedContainerWaitsForThePreviousRunsRecordOfThePartition(@BootstrapServers String bootstrap)
            throws Exception {
        createTopic(bootstrap, "held", 1);
        produce(bootstrap, "held", 1, 0, 2);
        HeldListener listener = new HeldListener();
        TopicPartition tp = new TopicPartition("held", 0);
        runner(bootstrap)
                .withBean(ListenerSettings.class, () -> settings(8, Duration.ofMillis(200), Duration.ofMillis(500)))
                .withBean(HeldListener.class, () -> listener)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    DefaultAsyncKafkaListenerRegistry registry =
                            context.getBean(DefaultAsyncKafkaListenerRegistry.class);
                    DefaultListenerContainer c = container(context, "held");
                    await("first call", () -> listener.calls.size() == 1);
                    // The stop gives up waiting for the stage after shutdown-timeout: 0-0 is still in the listener.
                    registry.stop("held");
                    assertThat(c.state()).isEqualTo(ListenerContainer.State.STOPPED);
                    registry.start("held");
                    // The new run is assigned the partition from its committed offset (0-0 again) ...
                    await(
                            "the new lane waits, or (wrongly) calls the listener again",
                            () -> c.isHeldBack(tp) || listener.calls.size() > 1);
                    // ... and hands nothing over while the previous run's 0-0 is in the listener.
                    assertThat(c.isHeldBack(tp)).isTrue();
                    assertThat(listener.calls).containsExactly("0-0");
                    listener.held.complete(null);
                    await("redelivery", () -> listener.calls.size() == 3);
                    assertThat(listener.calls).containsExactly("0-0", "0-0", "0-1");
                    assertThat(listener.overlapping).isEmpty();
                });
    }

    // ------------------------------------------------------------------ never on an I/O loop

    static final class ThreadObserver implements ListenerObserver {
        final Map<String, Thread> threads = new ConcurrentHashMap<>();
        final List<String> revoked = new CopyOnWriteArrayList<>();

        @Override
        public void partitionsAssigned(ListenerContainer container, Collection<TopicPartition> partitions) {
            threads.put("partitionsAssigned", Thread.currentThread());
        }

        @Override
        public void partitionsRevoked(ListenerContainer container, Collection<TopicPartition> partitions) {
            threads.put("partitionsRevoked", Thread.currentThread());
            partitions.forEach(tp -> revoked.add(tp.toString()));
        }

        @Override
        public void processed(
                ListenerContainer container, TopicPartition partition, int records, Duration time, Outcome outcome) {
            threads.put("processed", Thread.currentThread());
        }
    }

    static final class CountingListener {
        final List<String> values = new CopyOnWriteArrayList<>();

        @AsyncKafkaListener(id = "threads", topics = "threads", groupId = "threads-group")
        CompletableFuture<Void> on(String value) {
            values.add(value);
            // Completed elsewhere: the container's continuation must not run on whatever thread that is.
            return CompletableFuture.runAsync(() -> {});
        }
    }

    @Test
    void observersAreNeverCalledOnAnIoLoop(@BootstrapServers String bootstrap) throws Exception {
        createTopic(bootstrap, "threads", 2);
        produce(bootstrap, "threads", 2, 0, 5);
        ThreadObserver observer = new ThreadObserver();
        // A long commit interval: the revocation on stop sends the commit, which completes on the I/O loop.
        runner(bootstrap)
                .withBean(ListenerSettings.class, () -> settings(8, Duration.ofMinutes(10), Duration.ofSeconds(10)))
                .withBean(ThreadObserver.class, () -> observer)
                .withBean(CountingListener.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    CountingListener listener = context.getBean(CountingListener.class);
                    await("10 records", () -> listener.values.size() == 10);
                    context.getBean(DefaultAsyncKafkaListenerRegistry.class).stop("threads");
                    assertThat(observer.revoked).containsExactlyInAnyOrder("threads-0", "threads-1");
                });
        assertThat(committed(bootstrap, "threads-group", "threads")).isEqualTo(Map.of(0, 5L, 1, 5L));
        assertThat(observer.threads).containsOnlyKeys("partitionsAssigned", "partitionsRevoked", "processed");
        observer.threads.forEach((callback, thread) -> {
            assertThat(thread).as(callback + " on " + thread.getName()).isNotInstanceOf(FastThreadLocalThread.class);
            assertThat(thread.getName()).as(callback).doesNotStartWith("async-kafka-io");
        });
    }

    // ------------------------------------------------------------------ failure, stop and start

    static final class BlockingListener {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> values = new CopyOnWriteArrayList<>();

        @AsyncKafkaListener(id = "blocking", topics = "${blocking.topic}", groupId = "${blocking.topic}-group")
        void on(String value) throws InterruptedException {
            values.add(value);
            entered.countDown();
            release.await();
        }
    }

    @Test
    void aFailureIsVisibleAtOnceAndAStopDuringItsDrainEndsFailed(@BootstrapServers String bootstrap) throws Exception {
        createTopic(bootstrap, "fail-drain", 1);
        produce(bootstrap, "fail-drain", 1, 0, 1);
        runner(bootstrap)
                .withPropertyValues("blocking.topic=fail-drain")
                .withBean(ListenerSettings.class, () -> settings(8, Duration.ofMillis(200), Duration.ofSeconds(30)))
                .withBean(BlockingListener.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    BlockingListener listener = context.getBean(BlockingListener.class);
                    DefaultListenerContainer c = container(context, "blocking");
                    listener.entered.await();
                    AsyncKafkaConsumer<?, ?> consumer = c.consumer();
                    assertThat(consumer).isNotNull();
                    IllegalStateException boom = new IllegalStateException("boom");
                    c.failFrom(consumer, boom);
                    // FAILED at once, while the in-flight record still drains.
                    assertThat(c.state()).isEqualTo(ListenerContainer.State.FAILED);
                    assertThat(c.failure()).isSameAs(boom);
                    AtomicReference<ListenerContainer.@Nullable State> afterStop = new AtomicReference<>();
                    Thread stopper = new Thread(
                            () -> {
                                context.getBean(DefaultAsyncKafkaListenerRegistry.class)
                                        .stop("blocking");
                                afterStop.set(c.state());
                            },
                            "test-stopper");
                    stopper.start();
                    awaitWaiting(stopper);
                    assertThat(c.state()).isEqualTo(ListenerContainer.State.FAILED);
                    listener.release.countDown();
                    stopper.join();
                    assertThat(afterStop.get()).isEqualTo(ListenerContainer.State.FAILED);
                    assertThat(c.consumer()).isNull();
                    assertThat(c.failure()).isSameAs(boom);
                });
    }

    @Test
    void aSecondStopWaitsForTheFirstAndAStartDuringTheStopStartsAfterIt(@BootstrapServers String bootstrap)
            throws Exception {
        createTopic(bootstrap, "stops", 1);
        produce(bootstrap, "stops", 1, 0, 1);
        runner(bootstrap)
                .withPropertyValues("blocking.topic=stops")
                .withBean(ListenerSettings.class, () -> settings(8, Duration.ofMillis(200), Duration.ofSeconds(30)))
                .withBean(BlockingListener.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    BlockingListener listener = context.getBean(BlockingListener.class);
                    DefaultAsyncKafkaListenerRegistry registry =
                            context.getBean(DefaultAsyncKafkaListenerRegistry.class);
                    DefaultListenerContainer c = container(context, "blocking");
                    listener.entered.await();
                    Thread first = new Thread(() -> registry.stop("blocking"), "test-stop-1");
                    first.start();
                    await("STOPPING", () -> c.state() == ListenerContainer.State.STOPPING);
                    AtomicReference<ListenerContainer.@Nullable State> afterSecondStop = new AtomicReference<>();
                    Thread second = new Thread(
                            () -> {
                                registry.stop("blocking");
                                afterSecondStop.set(c.state());
                            },
                            "test-stop-2");
                    second.start();
                    awaitWaiting(second);
                    Thread starter = new Thread(() -> registry.start("blocking"), "test-start");
                    starter.start();
                    awaitWaiting(starter);
                    listener.release.countDown();
                    first.join();
                    second.join();
                    starter.join();
                    // The second stop returned only once stopped (the start may have begun right after).
                    assertThat(afterSecondStop.get())
                            .isIn(
                                    ListenerContainer.State.STOPPED,
                                    ListenerContainer.State.STARTING,
                                    ListenerContainer.State.RUNNING);
                    assertThat(c.state()).isEqualTo(ListenerContainer.State.RUNNING);
                    produce(bootstrap, "stops", 1, 1, 1);
                    // 0-0 finished during the stop and was committed: only the new record comes.
                    await("the record after the restart", () -> listener.values.size() == 2);
                    assertThat(listener.values).containsExactly("0-0", "0-1");
                });
    }

    static final class SelfStoppingListener {
        final AtomicReference<@Nullable DefaultAsyncKafkaListenerRegistry> registry = new AtomicReference<>();
        final List<ListenerContainer.State> stateAfterStop = new CopyOnWriteArrayList<>();

        @AsyncKafkaListener(id = "self", topics = "self", groupId = "self-group")
        void on(String value) {
            DefaultAsyncKafkaListenerRegistry r = registry.get();
            if (r != null) {
                r.stop("self");
                stateAfterStop.add(r.container("self").orElseThrow().state());
            }
        }
    }

    @Test
    void aListenerStoppingItsOwnContainerDoesNotWaitForItself(@BootstrapServers String bootstrap) throws Exception {
        createTopic(bootstrap, "self", 1);
        SelfStoppingListener listener = new SelfStoppingListener();
        runner(bootstrap)
                .withBean(ListenerSettings.class, () -> settings(8, Duration.ofMinutes(10), Duration.ofSeconds(30)))
                .withBean(SelfStoppingListener.class, () -> listener)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    DefaultAsyncKafkaListenerRegistry registry =
                            context.getBean(DefaultAsyncKafkaListenerRegistry.class);
                    listener.registry.set(registry);
                    ListenerContainer c = registry.container("self").orElseThrow();
                    produce(bootstrap, "self", 1, 0, 1);
                    await("stopped", () -> c.state() == ListenerContainer.State.STOPPED);
                    // stop() returned at once, while the container stopped (waiting for this very record).
                    assertThat(listener.stateAfterStop).containsExactly(ListenerContainer.State.STOPPING);
                    // The record finished and was committed by the stop.
                    assertThat(committed(bootstrap, "self-group", "self")).isEqualTo(Map.of(0, 1L));
                });
    }

    static final class ConsumerSwapListener {
        final List<String> values = new CopyOnWriteArrayList<>();

        @AsyncKafkaListener(id = "swap", topics = "swap", groupId = "swap-group")
        void on(String value) {
            values.add(value);
        }
    }

    @Test
    void aLateCallbackOfAPreviousRunsConsumerIsIgnored(@BootstrapServers String bootstrap) throws Exception {
        createTopic(bootstrap, "swap", 1);
        runner(bootstrap)
                .withBean(ListenerSettings.class, () -> FAST)
                .withBean(ConsumerSwapListener.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ConsumerSwapListener listener = context.getBean(ConsumerSwapListener.class);
                    DefaultAsyncKafkaListenerRegistry registry =
                            context.getBean(DefaultAsyncKafkaListenerRegistry.class);
                    DefaultListenerContainer c = container(context, "swap");
                    AsyncKafkaConsumer<?, ?> old = c.consumer();
                    assertThat(old).isNotNull();
                    registry.stop("swap");
                    registry.start("swap");
                    assertThat(c.consumer()).isNotNull().isNotSameAs(old);
                    // E.g. a getMany of the closed consumer failing late: not this run's business.
                    c.failFrom(old, new IllegalStateException("consumer closed"));
                    assertThat(c.state()).isEqualTo(ListenerContainer.State.RUNNING);
                    assertThat(c.failure()).isNull();
                    produce(bootstrap, "swap", 1, 0, 3);
                    await("3 records", () -> listener.values.size() == 3);
                });
    }

    // ------------------------------------------------------------------ pause

    static final class PausedListener {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> values = new CopyOnWriteArrayList<>();

        @AsyncKafkaListener(id = "pq", topics = "pq", groupId = "pq-group")
        void on(String value) throws InterruptedException {
            values.add(value);
            entered.countDown();
            release.await();
        }
    }

    @Test
    void pauseHoldsBackWorkAlreadyWaitingForASlot(@BootstrapServers String bootstrap) throws Exception {
        createTopic(bootstrap, "pq", 2);
        produce(bootstrap, "pq", 2, 0, 2);
        PausedListener listener = new PausedListener();
        runner(bootstrap)
                // One slot: the other partition's first record waits in the scheduler.
                .withBean(ListenerSettings.class, () -> settings(1, Duration.ofMillis(200), Duration.ofSeconds(10)))
                .withBean(PausedListener.class, () -> listener)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    DefaultListenerContainer c = container(context, "pq");
                    listener.entered.await();
                    int busy = Integer.parseInt(listener.values.get(0).substring(0, 1));
                    TopicPartition other = new TopicPartition("pq", 1 - busy);
                    // Taken from the consumer means handed over at once (the lane was idle): queued for the slot.
                    await("the other partition's records taken", () -> c.pendingRecords(other) == 2);
                    c.pause();
                    listener.release.countDown();
                    await("no step running or waiting", c::isIdle);
                    assertThat(listener.values).hasSize(1);
                    c.resume();
                    await("all 4", () -> listener.values.size() == 4);
                    List<String> byPartition0 = new ArrayList<>();
                    List<String> byPartition1 = new ArrayList<>();
                    for (String v : listener.values) {
                        (v.startsWith("0-") ? byPartition0 : byPartition1).add(v);
                    }
                    assertThat(byPartition0).containsExactly("0-0", "0-1");
                    assertThat(byPartition1).containsExactly("1-0", "1-1");
                });
    }
}
