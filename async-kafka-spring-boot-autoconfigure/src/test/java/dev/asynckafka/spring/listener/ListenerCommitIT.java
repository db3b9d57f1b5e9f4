package dev.asynckafka.spring.listener;

import static dev.asynckafka.spring.listener.ListenerTestSupport.FAST;
import static dev.asynckafka.spring.listener.ListenerTestSupport.await;
import static dev.asynckafka.spring.listener.ListenerTestSupport.committed;
import static dev.asynckafka.spring.listener.ListenerTestSupport.createTopic;
import static dev.asynckafka.spring.listener.ListenerTestSupport.produce;
import static dev.asynckafka.spring.listener.ListenerTestSupport.runner;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.spring.autoconfigure.AsyncKafkaListenerAutoConfiguration;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/** Commits follow completion (also of async listeners), across restarts and rebalances. */
@EmbeddedAsyncKafka
@Timeout(240)
class ListenerCommitIT {
    private static final Logger log = LoggerFactory.getLogger(ListenerCommitIT.class);

    /** Hands out one uncompleted stage per record; the test completes them. */
    static final class Stages {
        final Map<String, CompletableFuture<Void>> byRecord = new ConcurrentHashMap<>();
        final List<String> delivered = new CopyOnWriteArrayList<>();
    }

    static final class AsyncListener {
        final Stages stages;

        AsyncListener(Stages stages) {
            this.stages = stages;
        }

        @AsyncKafkaListener(topics = "async", groupId = "async-group")
        CompletionStage<Void> on(String value) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            stages.byRecord.put(value, f);
            stages.delivered.add(value);
            return f;
        }
    }

    static final class ImmediateListener {
        final List<String> delivered = new CopyOnWriteArrayList<>();

        @AsyncKafkaListener(topics = "async", groupId = "async-group")
        CompletableFuture<String> on(String value) {
            delivered.add(value);
            return CompletableFuture.supplyAsync(() -> value);
        }
    }

    static final class PromptListener {
        final List<String> delivered = new CopyOnWriteArrayList<>();

        @AsyncKafkaListener(topics = "prompt", groupId = "prompt-group")
        void on(String value) {
            delivered.add(value);
        }
    }

    @Test
    void doneOffsetsAreCommittedWithoutWaitingForTheInterval(@BootstrapServers String bootstrap) throws Exception {
        createTopic(bootstrap, "prompt", 2);
        produce(bootstrap, "prompt", 2, 0, 50);
        // An interval no test waits for: only the commits that follow completion can be seen.
        ListenerSettings settings = new ListenerSettings(
                true,
                8,
                100,
                500,
                Duration.ofHours(1),
                Duration.ofSeconds(1),
                FAST.retry(),
                FAST.deadLetter(),
                FAST.executor());
        runner(bootstrap)
                .withBean(ListenerSettings.class, () -> settings)
                .withBean(PromptListener.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    PromptListener listener = context.getBean(PromptListener.class);
                    await("100 records processed", () -> listener.delivered.size() == 100);
                    await("everything done is committed while running", () -> {
                        try {
                            return committed(bootstrap, "prompt-group", "prompt")
                                    .equals(Map.of(0, 50L, 1, 50L));
                        } catch (Exception e) {
                            return false;
                        }
                    });
                    // Later records are committed too, without a rebalance or a stop in between.
                    produce(bootstrap, "prompt", 2, 50, 10);
                    await("120 records processed", () -> listener.delivered.size() == 120);
                    await("the new records are committed while running", () -> {
                        try {
                            return committed(bootstrap, "prompt-group", "prompt")
                                    .equals(Map.of(0, 60L, 1, 60L));
                        } catch (Exception e) {
                            return false;
                        }
                    });
                });
    }

    @Test
    void asyncOffsetsAreCommittedOnlyAfterCompletion(@BootstrapServers String bootstrap) throws Exception {
        createTopic(bootstrap, "async", 2);
        produce(bootstrap, "async", 2, 0, 10);
        // Partition 0: records 0-4 complete, 5 stays uncompleted; partition 1: 0-6 complete, 7 stays.
        Map<Integer, Integer> firstUncompleted = Map.of(0, 5, 1, 7);
        Stages stages = new Stages();
        ListenerSettings settings = new ListenerSettings(
                true,
                8,
                100,
                500,
                Duration.ofMillis(200),
                Duration.ofSeconds(1),
                FAST.retry(),
                FAST.deadLetter(),
                FAST.executor());
        runner(bootstrap)
                .withBean(ListenerSettings.class, () -> settings)
                .withBean(Stages.class, () -> stages)
                .withBean(AsyncListener.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    for (int p = 0; p < 2; p++) {
                        for (int i = 0; i < firstUncompleted.get(p); i++) {
                            String value = p + "-" + i;
                            await(value + " delivered", () -> stages.byRecord.containsKey(value));
                            stages.byRecord.get(value).complete(null);
                        }
                    }
                    await(
                            "the uncompleted records delivered",
                            () -> stages.byRecord.containsKey("0-5") && stages.byRecord.containsKey("1-7"));
                    // One record at a time per partition: the next ones wait for the uncompleted stages.
                    assertThat(stages.delivered).hasSize(5 + 1 + 7 + 1);
                    await(
                            "periodic commit of the completed prefix",
                            () -> firstUncompletedCommitted(bootstrap, firstUncompleted));
                });
        // The context closed with two stages uncompleted: the commit stays at them.
        assertThat(committed(bootstrap, "async-group", "async")).isEqualTo(Map.of(0, 5L, 1, 7L));

        runner(bootstrap)
                .withBean(ListenerSettings.class, () -> FAST)
                .withBean(ImmediateListener.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ImmediateListener listener = context.getBean(ImmediateListener.class);
                    Set<String> expected = new HashSet<>();
                    for (int p = 0; p < 2; p++) {
                        for (int i = firstUncompleted.get(p); i < 10; i++) {
                            expected.add(p + "-" + i);
                        }
                    }
                    await("redelivery", () -> listener.delivered.size() >= expected.size());
                    await("commit to the end", () -> firstUncompletedCommitted(bootstrap, Map.of(0, 10, 1, 10)));
                    // Exactly the uncompleted records come again: nothing lost, nothing completed twice.
                    assertThat(listener.delivered).containsExactlyInAnyOrderElementsOf(expected);
                });
    }

    private static boolean firstUncompletedCommitted(String bootstrap, Map<Integer, Integer> expected) {
        try {
            Map<Integer, Long> c = committed(bootstrap, "async-group", "async");
            return c.size() == expected.size()
                    && expected.entrySet().stream()
                            .allMatch(e -> c.get(e.getKey()) != null
                                    && c.get(e.getKey()) == e.getValue().longValue());
        } catch (Exception e) {
            return false;
        }
    }

    /** Records (partition-index) processed by one application instance. */
    static final class Processed {
        final List<String> values = new CopyOnWriteArrayList<>();
    }

    static final class GroupListener {
        final Processed processed;

        GroupListener(Processed processed) {
            this.processed = processed;
        }

        @AsyncKafkaListener(id = "grouped", topics = "grouped", groupId = "grouped-group")
        void on(String value) throws InterruptedException {
            Thread.sleep(1); // keep records in flight while the group rebalances
            processed.values.add(value);
        }
    }

    @Test
    void twoInstancesSplitPartitionsAndARebalanceLosesNothing(@BootstrapServers String bootstrap) throws Exception {
        int partitions = 4;
        int perPartition = 600;
        createTopic(bootstrap, "grouped", partitions);
        produce(bootstrap, "grouped", partitions, 0, perPartition / 2);
        Processed first = new Processed();
        Processed second = new Processed();
        AtomicBoolean producing = new AtomicBoolean(true);
        ConfigurableApplicationContext a = start(bootstrap, first);
        ConfigurableApplicationContext b = null;
        try {
            await("the first instance is processing", () -> first.values.size() > 100);
            Thread producer = new Thread(() -> {
                try {
                    produce(bootstrap, "grouped", partitions, perPartition / 2, perPartition / 2);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    producing.set(false);
                }
            });
            producer.start();
            b = start(bootstrap, second);
            producer.join();
            ListenerContainer ca = container(a);
            ListenerContainer cb = container(b);
            await(
                    "the partitions are split",
                    () -> ca.assignment().size() + cb.assignment().size() == partitions
                            && !ca.assignment().isEmpty()
                            && !cb.assignment().isEmpty());
            Set<TopicPartition> both = new HashSet<>(ca.assignment());
            both.retainAll(cb.assignment());
            assertThat(both).isEmpty();
            Set<String> expected = new HashSet<>();
            for (int p = 0; p < partitions; p++) {
                for (int i = 0; i < perPartition; i++) {
                    expected.add(p + "-" + i);
                }
            }
            await("every record processed", () -> {
                Set<String> all = new HashSet<>(first.values);
                all.addAll(second.values);
                return all.containsAll(expected);
            });
            assertThat(second.values).as("the second instance took part").isNotEmpty();
            List<String> all = new ArrayList<>(first.values);
            all.addAll(second.values);
            assertThat(new HashSet<>(all)).isEqualTo(expected);
            log.info(
                    "Rebalance: {} records, {} processed by the first instance, {} by the second, {} duplicates",
                    expected.size(),
                    first.values.size(),
                    second.values.size(),
                    all.size() - expected.size());
        } finally {
            if (b != null) {
                b.close();
            }
            a.close();
        }
    }

    private static ConfigurableApplicationContext start(String bootstrap, Processed processed) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        TestPropertyValues.of("test.bootstrap=" + bootstrap).applyTo(context);
        context.registerBean(ListenerSettings.class, () -> FAST);
        context.registerBean(Processed.class, () -> processed);
        context.register(
                ListenerTestSupport.TestKafkaConfig.class,
                GroupListener.class,
                AsyncKafkaListenerAutoConfiguration.class);
        context.refresh();
        return context;
    }

    private static ListenerContainer container(ConfigurableApplicationContext context) {
        return context.getBean(AsyncKafkaListenerRegistry.class)
                .container("grouped")
                .orElseThrow();
    }
}
