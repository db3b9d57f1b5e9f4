package dev.asynckafka.compat;

import static dev.asynckafka.compat.CompatSupport.await;
import static dev.asynckafka.compat.CompatSupport.bootstrap;
import static dev.asynckafka.compat.CompatSupport.consumerOptions;
import static dev.asynckafka.compat.CompatSupport.createTopics;
import static dev.asynckafka.compat.CompatSupport.oracleProducer;
import static dev.asynckafka.compat.CompatSupport.stringConsumer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.consumer.ConsumerOptions;
import dev.asynckafka.consumer.ConsumerRecord;
import dev.asynckafka.consumer.ConsumerRecords;
import dev.asynckafka.consumer.OffsetAndMetadata;
import dev.asynckafka.consumer.RebalanceListener;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
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
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A consumer group of two of our consumers against each release, with an eager (range) and the
 * cooperative assignor: the first member takes every partition, the second joins, the group
 * rebalances to two each, every record is consumed, commits land and read back the same through
 * our consumer and kafka-clients' admin. A static member (KIP-345) restarted within its session
 * gets its partitions back without a rebalance.
 */
@ParameterizedClass(name = "Kafka {0}")
@MethodSource("dev.asynckafka.compat.CompatBrokers#versions")
@Timeout(300)
class GroupCompatIT {
    private static final int PARTITIONS = 4;
    private static final int PER_PARTITION = 10;

    private final String version;

    GroupCompatIT(String version) {
        this.version = version;
    }

    @ParameterizedTest
    @ValueSource(strings = {"range", "cooperative-sticky"})
    void twoMembersRebalanceConsumeAndCommit(String assignor) throws Exception {
        String bootstrap = bootstrap(version);
        String topic = "group-" + assignor;
        String group = "g-" + assignor;
        createTopics(bootstrap, PARTITIONS, topic);
        produce(bootstrap, topic, 0);
        Set<String> expected = new HashSet<>(values(topic, 0));

        ConsumerOptions options = consumerOptions(bootstrap)
                .groupId(group)
                .assignorNames(assignor)
                .sessionTimeout(Duration.ofSeconds(10))
                .heartbeatInterval(Duration.ofMillis(500))
                .rebalanceTimeout(Duration.ofSeconds(10))
                .enableAutoCommit(false)
                .build();
        try (Member a = new Member(options, topic)) {
            waitFor(
                    "the first member to own every partition",
                    () -> a.consumer.assignment().size() == PARTITIONS);
            waitFor(
                    "the first member to read every record",
                    () -> a.seen.keySet().containsAll(expected));
            try (Member b = new Member(options, topic)) {
                waitFor(
                        "two partitions each",
                        () -> a.consumer.assignment().size() == 2
                                && b.consumer.assignment().size() == 2
                                && !a.consumer.assignment().equals(b.consumer.assignment()));
                produce(bootstrap, topic, 1);
                expected.addAll(values(topic, 1));
                waitFor("both members to read every record", () -> {
                    Set<String> seen = new HashSet<>(a.seen.keySet());
                    seen.addAll(b.seen.keySet());
                    return seen.containsAll(expected);
                });
                assertThat(b.seen.keySet()).isNotEmpty();

                Set<TopicPartition> all = IntStream.range(0, PARTITIONS)
                        .mapToObj(p -> new TopicPartition(topic, p))
                        .collect(Collectors.toSet());
                long end = 2L * PER_PARTITION;
                waitFor(
                        "every partition committed at its end",
                        () -> committedOffsets(bootstrap, group, topic)
                                .equals(all.stream().collect(Collectors.toMap(TopicPartition::partition, p -> end))));
                try (AsyncKafkaConsumer<String, String> reader = stringConsumer(consumerOptions(bootstrap)
                        .groupId(group)
                        .enableAutoCommit(false)
                        .build())) {
                    Map<TopicPartition, OffsetAndMetadata> committed = await(reader.committed(all));
                    assertThat(committed).hasSize(PARTITIONS);
                    assertThat(committed.values())
                            .allSatisfy(o -> assertThat(o.offset()).isEqualTo(end));
                }

                Set<TopicPartition> kept = a.consumer.assignment();
                if (assignor.equals("range")) {
                    // Eager: everything the first member held was revoked before the split.
                    assertThat(a.revoked).anySatisfy(r -> assertThat(r).hasSize(PARTITIONS));
                } else {
                    // Cooperative: only what moved to the second member was ever revoked.
                    assertThat(a.revoked).isNotEmpty();
                    assertThat(a.revoked).allSatisfy(r -> assertThat(r).doesNotContainAnyElementsOf(kept));
                }
            }
        }
    }

    @Test
    void staticMemberRestartGetsItsPartitionsBackWithoutRebalance() throws Exception {
        String bootstrap = bootstrap(version);
        String topic = "group-static";
        createTopics(bootstrap, PARTITIONS, topic);
        ConsumerOptions.Builder options = consumerOptions(bootstrap)
                .groupId("g-static")
                .assignorNames("range")
                .sessionTimeout(Duration.ofSeconds(20))
                .heartbeatInterval(Duration.ofMillis(500))
                .enableAutoCommit(false);
        Member first = new Member(options.groupInstanceId("s1").build(), topic);
        try (Member second = new Member(options.groupInstanceId("s2").build(), topic)) {
            waitFor(
                    "two static members with two partitions each",
                    () -> first.consumer.assignment().size() == 2
                            && second.consumer.assignment().size() == 2
                            && !first.consumer.assignment().equals(second.consumer.assignment()));
            Set<TopicPartition> held = Set.copyOf(first.consumer.assignment());
            int generation = await(second.consumer.groupMetadata()).generationId();
            second.revoked.clear();
            first.close(); // a static member leaves no gap: the broker keeps its place for the session
            try (Member restarted = new Member(options.groupInstanceId("s1").build(), topic)) {
                waitFor(
                        "the restarted member to hold partitions",
                        () -> !restarted.consumer.assignment().isEmpty());
                assertThat(restarted.consumer.assignment()).isEqualTo(held);
                assertThat(await(second.consumer.groupMetadata()).generationId())
                        .isEqualTo(generation);
                assertThat(second.revoked).isEmpty();
            }
        }
    }

    private static Map<Integer, Long> committedOffsets(String bootstrap, String group, String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<Integer, Long> offsets = new HashMap<>();
            admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS)
                    .forEach((tp, o) -> {
                        if (tp.topic().equals(topic) && o != null) {
                            offsets.put(tp.partition(), o.offset());
                        }
                    });
            return offsets;
        } catch (Exception e) {
            return Map.of();
        }
    }

    private static void produce(String bootstrap, String topic, int round) throws Exception {
        try (KafkaProducer<String, String> producer = oracleProducer(bootstrap, Map.of())) {
            for (int p = 0; p < PARTITIONS; p++) {
                for (int i = 0; i < PER_PARTITION; i++) {
                    producer.send(new ProducerRecord<>(topic, p, "k" + i, value(topic, round, p, i)));
                }
            }
            producer.flush();
        }
    }

    private static List<String> values(String topic, int round) {
        return IntStream.range(0, PARTITIONS * PER_PARTITION)
                .mapToObj(n -> value(topic, round, n / PER_PARTITION, n % PER_PARTITION))
                .toList();
    }

    private static String value(String topic, int round, int partition, int i) {
        return topic + "-r" + round + "-p" + partition + "-" + i;
    }

    private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    /** A member consuming in a thread of its own and committing what it processed. */
    private static final class Member implements RebalanceListener, AutoCloseable {
        final AsyncKafkaConsumer<String, String> consumer;
        final Map<String, Boolean> seen = new ConcurrentHashMap<>();
        final List<Set<TopicPartition>> revoked = new CopyOnWriteArrayList<>();
        private final Thread thread;
        private volatile boolean running = true;

        Member(ConsumerOptions options, String topic) {
            consumer = stringConsumer(options);
            consumer.subscribe(List.of(topic), this);
            thread = new Thread(this::run, "compat-member");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            // Offsets processed but not committed yet: a commit refused during a rebalance is
            // retried for the partitions still owned (the others are re-read by their next owner).
            Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
            while (running) {
                try {
                    ConsumerRecords<String, String> batch =
                            consumer.getMany(Duration.ofMillis(200)).get(30, TimeUnit.SECONDS);
                    for (ConsumerRecord<String, String> r : batch) {
                        seen.put(r.value(), true);
                        pending.put(
                                new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                    }
                    pending.keySet().retainAll(consumer.assignment());
                    if (!pending.isEmpty()) {
                        consumer.commit(Map.copyOf(pending)).get(30, TimeUnit.SECONDS);
                        pending.clear();
                    }
                } catch (Exception e) {
                    if (running) {
                        sleep();
                    }
                }
            }
        }

        private static void sleep() {
            try {
                Thread.sleep(100);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public CompletionStage<Void> onPartitionsRevoked(Set<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                revoked.add(Set.copyOf(partitions));
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() throws ExecutionException, TimeoutException {
            running = false;
            try {
                thread.join(30_000);
                consumer.closeAsync(Duration.ofSeconds(30)).get(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while closing a member", e);
            }
        }
    }
}
