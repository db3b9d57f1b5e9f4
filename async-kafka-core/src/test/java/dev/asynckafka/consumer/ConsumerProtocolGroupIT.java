package dev.asynckafka.consumer;

import static dev.asynckafka.consumer.ConsumerTestSupport.options;
import static dev.asynckafka.consumer.ConsumerTestSupport.producer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The KIP-848 consumer group protocol ({@code group.protocol=consumer}) against the real broker,
 * with kafka-clients as a fellow member.
 */
@EmbeddedAsyncKafka(
        topics = {"kip848-scale", "kip848-mixed", "kip848-fenced"},
        partitions = 12,
        brokerProperties = {
            "group.initial.rebalance.delay.ms=0",
            "group.consumer.min.heartbeat.interval.ms=500",
            "group.consumer.heartbeat.interval.ms=500",
            "group.consumer.min.session.timeout.ms=3000",
            "group.consumer.session.timeout.ms=4000"
        })
@Timeout(240)
class ConsumerProtocolGroupIT {

    static ConsumerOptions consumerProtocol(String bootstrap, String groupId) {
        return options(bootstrap)
                .groupId(groupId)
                .groupProtocol(GroupProtocol.CONSUMER)
                .groupRemoteAssignor("uniform")
                .rebalanceTimeout(Duration.ofSeconds(20))
                .enableAutoCommit(false)
                .build();
    }

    static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private static boolean balanced(List<ProtocolTestMember> members, int partitions) {
        Set<TopicPartition> union = new HashSet<>();
        int total = 0;
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (ProtocolTestMember m : members) {
            Set<TopicPartition> a = m.assignment();
            union.addAll(a);
            total += a.size();
            min = Math.min(min, a.size());
            max = Math.max(max, a.size());
        }
        return union.size() == partitions && total == partitions && max - min <= 1;
    }

    /** Produces unique values round-robin over 12 partitions until stopped. */
    static final class Feed implements AutoCloseable {
        final AtomicInteger sent = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Feed(String bootstrap, String topic) {
            thread = new Thread(() -> {
                try (KafkaProducer<String, String> producer = producer(bootstrap, Map.of())) {
                    while (running.get()) {
                        for (int i = 0; i < 12; i++) {
                            int n = sent.get();
                            producer.send(new ProducerRecord<>(topic, n % 12, null, "v" + n));
                            sent.incrementAndGet();
                        }
                        producer.flush();
                        Thread.sleep(25);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            thread.start();
        }

        /** Stops producing and waits for the producing thread. */
        void stop() {
            running.set(false);
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while stopping the feed", e);
            }
        }

        @Override
        public void close() {
            stop();
        }
    }

    private static Map<ProtocolTestMember, Set<TopicPartition>> snapshot(List<ProtocolTestMember> members) {
        Map<ProtocolTestMember, Set<TopicPartition>> out = new HashMap<>();
        members.forEach(m -> out.put(m, Set.copyOf(m.assignment())));
        return out;
    }

    /** Per member: records processed in the window from the partitions it kept across it. */
    private static Map<String, Long> processedOnKeptPartitions(
            Map<ProtocolTestMember, Set<TopicPartition>> before,
            Map<ProtocolTestMember, Set<TopicPartition>> after,
            long from,
            long to) {
        Map<String, Long> out = new HashMap<>();
        before.forEach((m, was) -> {
            if (after.containsKey(m)) {
                Set<TopicPartition> kept = new HashSet<>(was);
                kept.retainAll(after.get(m));
                out.put(m.name, m.processedBetween(from, to, kept));
            }
        });
        return out;
    }

    @Test
    void threeMembersSplitTwelvePartitionsThenOneJoinsAndOneLeavesWithoutOverlapOrLoss(
            @BootstrapServers String bootstrap) throws Exception {
        String topic = "kip848-scale";
        Map<TopicPartition, String> ledger = new ConcurrentHashMap<>();
        List<String> violations = new CopyOnWriteArrayList<>();
        List<ProtocolTestMember> members = new ArrayList<>();
        try (Feed feed = new Feed(bootstrap, topic)) {
            for (int i = 0; i < 3; i++) {
                members.add(new ProtocolTestMember(
                        "m" + i, consumerProtocol(bootstrap, "kip848-scale-group"), topic, ledger, violations));
            }
            waitFor("three members share 12 partitions", () -> balanced(members, 12));
            for (ProtocolTestMember m : members) {
                assertThat(m.consumer.metrics().groupProtocol()).isEqualTo(GroupProtocol.CONSUMER);
                assertThat(m.consumer.metrics().generation()).as("member epoch").isPositive();
            }
            Thread.sleep(500);

            // A fourth member joins.
            Map<ProtocolTestMember, Set<TopicPartition>> before = snapshot(members);
            long start = System.nanoTime();
            ProtocolTestMember fourth = new ProtocolTestMember(
                    "m3", consumerProtocol(bootstrap, "kip848-scale-group"), topic, ledger, violations);
            members.add(fourth);
            waitFor("four members share 12 partitions", () -> balanced(members, 12));
            long end = System.nanoTime();
            Map<String, Long> duringJoin = processedOnKeptPartitions(before, snapshot(members), start, end);
            System.out.printf(
                    "kip848 3->4 members: %d ms; records processed on kept partitions meanwhile: %s%n",
                    TimeUnit.NANOSECONDS.toMillis(end - start), duringJoin);
            assertThat(duringJoin.values().stream().mapToLong(Long::longValue).sum())
                    .as(
                            "records the three members processed from the partitions they kept, during the join: %s",
                            duringJoin)
                    .isPositive();

            // One of the first three leaves.
            before = snapshot(members);
            start = System.nanoTime();
            ProtocolTestMember leaving = members.remove(0);
            leaving.close();
            waitFor("three members share 12 partitions again", () -> balanced(members, 12));
            end = System.nanoTime();
            Map<String, Long> duringLeave = processedOnKeptPartitions(before, snapshot(members), start, end);
            System.out.printf(
                    "kip848 4->3 members: %d ms; records processed on kept partitions meanwhile: %s%n",
                    TimeUnit.NANOSECONDS.toMillis(end - start), duringLeave);
            assertThat(duringLeave.values().stream().mapToLong(Long::longValue).sum())
                    .as(
                            "records the staying members processed from the partitions they kept, during the leave: %s",
                            duringLeave)
                    .isPositive();
            Thread.sleep(500);
            feed.stop();
            int count = feed.sent.get();
            List<ProtocolTestMember> all = new ArrayList<>(members);
            all.add(leaving);
            waitFor("every record consumed", () -> {
                Set<String> values = new HashSet<>();
                all.forEach(m -> values.addAll(m.seen.keySet()));
                return values.size() == count;
            });
            Map<String, Integer> total = new HashMap<>();
            all.forEach(m -> m.seen.forEach((v, n) -> total.merge(v, n, Integer::sum)));
            assertThat(total).hasSize(count);
            assertThat(total.entrySet())
                    .as("records processed more than once")
                    .filteredOn(e -> e.getValue() != 1)
                    .isEmpty();
            assertThat(violations)
                    .as("a partition owned by two members at once")
                    .isEmpty();
            all.forEach(
                    m -> assertThat(m.lost).as(m.name + " events " + m.events).hasValue(0));
        } finally {
            for (ProtocolTestMember m : members) {
                m.close();
            }
        }
    }

    @Test
    void mixedWithAKafkaClientsConsumerProtocolMemberConsumesEveryRecordOnce(@BootstrapServers String bootstrap)
            throws Exception {
        String topic = "kip848-mixed";
        String groupId = "kip848-mixed-group";
        Map<TopicPartition, String> ledger = new ConcurrentHashMap<>();
        List<String> violations = new CopyOnWriteArrayList<>();
        List<ProtocolTestMember> members = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            members.add(new ProtocolTestMember(
                    "ours" + i, consumerProtocol(bootstrap, groupId), topic, ledger, violations));
        }
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, Integer> theirSeen = new ConcurrentHashMap<>();
        Set<org.apache.kafka.common.TopicPartition> theirAssignment = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch closed = new CountDownLatch(1);
        Thread kc = new Thread(() -> {
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
                c.subscribe(List.of(topic));
                while (running.get()) {
                    var records = c.poll(Duration.ofMillis(100));
                    Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                    records.forEach(r -> {
                        theirSeen.merge(r.value(), 1, Integer::sum);
                        offsets.put(
                                new org.apache.kafka.common.TopicPartition(r.topic(), r.partition()),
                                new OffsetAndMetadata(r.offset() + 1));
                    });
                    if (!offsets.isEmpty()) {
                        c.commitSync(offsets);
                    }
                    theirAssignment.clear();
                    theirAssignment.addAll(c.assignment());
                }
            } finally {
                closed.countDown();
            }
        });
        kc.start();
        try {
            waitFor(
                    "the three members share 12 partitions",
                    () -> theirAssignment.size() == 4
                            && members.get(0).assignment().size() == 4
                            && members.get(1).assignment().size() == 4);
            int count = 600;
            try (KafkaProducer<String, String> producer = producer(bootstrap, Map.of())) {
                for (int i = 0; i < count; i++) {
                    producer.send(new ProducerRecord<>(topic, i % 12, null, "v" + i));
                }
            }
            waitFor("every record consumed", () -> {
                Set<String> all = new HashSet<>(theirSeen.keySet());
                members.forEach(m -> all.addAll(m.seen.keySet()));
                return all.size() == count;
            });
            Map<String, Integer> total = new HashMap<>(theirSeen);
            members.forEach(m -> m.seen.forEach((v, n) -> total.merge(v, n, Integer::sum)));
            assertThat(total).hasSize(count);
            assertThat(total.values()).allMatch(n -> n == 1);
            assertThat(theirSeen).hasSize(200);
            members.forEach(m -> assertThat(m.seen).as(m.name).hasSize(200));
        } finally {
            running.set(false);
            closed.await(30, TimeUnit.SECONDS);
            for (ProtocolTestMember m : members) {
                m.close();
            }
        }
    }

    @Test
    void aMemberFencedAfterItsSessionExpiredRejoinsAndNothingIsLost(@BootstrapServers String bootstrap)
            throws Exception {
        String topic = "kip848-fenced";
        Map<TopicPartition, String> ledger = new ConcurrentHashMap<>();
        List<String> violations = new CopyOnWriteArrayList<>();
        List<ProtocolTestMember> members = new ArrayList<>();
        try (Feed feed = new Feed(bootstrap, topic)) {
            for (int i = 0; i < 2; i++) {
                members.add(new ProtocolTestMember(
                        "f" + i, consumerProtocol(bootstrap, "kip848-fenced-group"), topic, ledger, violations));
            }
            waitFor("two members share 12 partitions", () -> balanced(members, 12));
            ProtocolTestMember victim = members.get(0);
            ProtocolTestMember survivor = members.get(1);
            int epochBefore = victim.consumer.metrics().generation();
            // Freeze the victim's event loop past the broker's session timeout (4 s): no heartbeat,
            // the coordinator fences it and gives its partitions to the survivor.
            victim.consumer.eventLoop().execute(() -> {
                try {
                    Thread.sleep(7_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            waitFor(
                    "the survivor takes all 12 partitions",
                    () -> survivor.assignment().size() == 12);
            waitFor("the victim loses its partitions", () -> victim.lost.get() > 0);
            waitFor("the two share the partitions again", () -> balanced(members, 12));
            assertThat(victim.consumer.metrics().memberId())
                    .as("the member id is kept for the consumer's lifetime")
                    .isNotEmpty();
            assertThat(victim.consumer.metrics().generation()).isPositive();
            int seenAfterRejoin = victim.seen.size();
            waitFor("the victim processes records again", () -> victim.seen.size() > seenAfterRejoin);
            feed.stop();
            int count = feed.sent.get();
            waitFor("every record consumed", () -> {
                Set<String> values = new HashSet<>();
                members.forEach(m -> values.addAll(m.seen.keySet()));
                return values.size() == count;
            });
            System.out.printf(
                    "kip848 fenced: epoch before %d, after %d; victim events %s%n",
                    epochBefore, victim.consumer.metrics().generation(), victim.events);
        } finally {
            for (ProtocolTestMember m : members) {
                m.close();
            }
        }
    }
}
