package dev.asynckafka.consumer;

import static dev.asynckafka.consumer.ConsumerTestSupport.await;
import static dev.asynckafka.consumer.ConsumerTestSupport.failure;
import static dev.asynckafka.consumer.ConsumerTestSupport.options;
import static dev.asynckafka.consumer.ConsumerTestSupport.producer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.TestWaits;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Consumer groups against the real broker, with kafka-clients as oracle and fellow member. */
@EmbeddedAsyncKafka(
        shared = true,
        topics = {"coop", "ranged", "mixed-range", "mixed-coop", "slow", "static", "fenced", "replaced"},
        partitions = 12,
        brokerProperties = {"group.initial.rebalance.delay.ms=0", "group.min.session.timeout.ms=1000"})
@Timeout(180)
class GroupIT {

    private static ConsumerOptions group(String bootstrap, String groupId, String... assignors) {
        return options(bootstrap)
                .groupId(groupId)
                .assignorNames(assignors)
                .sessionTimeout(Duration.ofSeconds(6))
                .heartbeatInterval(Duration.ofMillis(500))
                .rebalanceTimeout(Duration.ofSeconds(10))
                .enableAutoCommit(false)
                .build();
    }

    /** All members hold disjoint shares covering every partition, balanced within one. */
    private static boolean balanced(List<GroupTestMember> members, int partitions) {
        Set<TopicPartition> union = new HashSet<>();
        int total = 0;
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (GroupTestMember m : members) {
            Set<TopicPartition> a = m.assignment();
            union.addAll(a);
            total += a.size();
            min = Math.min(min, a.size());
            max = Math.max(max, a.size());
        }
        return union.size() == partitions && total == partitions && max - min <= 1;
    }

    @Test
    void cooperativeStickyNeverRevokesPartitionsThatStay(@BootstrapServers String bootstrap) throws Exception {
        List<GroupTestMember> members = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            members.add(
                    new GroupTestMember("c" + i, group(bootstrap, "coop-group", "cooperative-sticky"), "coop", true));
        }
        TestWaits.waitFor("three members share 12 partitions", () -> balanced(members, 12));
        Map<GroupTestMember, Set<TopicPartition>> before = snapshot(members);
        members.forEach(m -> m.events.clear());

        GroupTestMember fourth =
                new GroupTestMember("c3", group(bootstrap, "coop-group", "cooperative-sticky"), "coop", true);
        members.add(fourth);
        TestWaits.waitFor(
                "four members share 12 partitions",
                () -> balanced(members, 12) && fourth.assignment().size() == 3);
        assertOnlyMovedRevoked(before, snapshot(members));

        before = snapshot(members);
        members.forEach(m -> m.events.clear());
        GroupTestMember leaving = members.remove(0);
        leaving.close();
        TestWaits.waitFor("three members share 12 partitions again", () -> balanced(members, 12));
        assertOnlyMovedRevoked(before, snapshot(members));
        for (GroupTestMember m : members) {
            m.close();
        }
    }

    private static Map<GroupTestMember, Set<TopicPartition>> snapshot(List<GroupTestMember> members) {
        Map<GroupTestMember, Set<TopicPartition>> out = new HashMap<>();
        members.forEach(m -> out.put(m, Set.copyOf(m.assignment())));
        return out;
    }

    private static void assertOnlyMovedRevoked(
            Map<GroupTestMember, Set<TopicPartition>> before, Map<GroupTestMember, Set<TopicPartition>> after) {
        for (Map.Entry<GroupTestMember, Set<TopicPartition>> e : before.entrySet()) {
            GroupTestMember m = e.getKey();
            if (!after.containsKey(m)) {
                continue;
            }
            Set<TopicPartition> stayed = new HashSet<>(e.getValue());
            stayed.retainAll(after.get(m));
            for (GroupTestMember.Event ev : m.events) {
                assertThat(ev.kind()).as("%s events %s", m.name, m.events).isNotEqualTo("lost");
                if (ev.kind().equals("revoked")) {
                    assertThat(ev.partitions())
                            .as("%s revoked partitions it keeps: %s", m.name, m.events)
                            .doesNotContainAnyElementsOf(stayed);
                }
            }
        }
    }

    @Test
    void rangeAssignmentEqualsKafkaClientsRangeAssignor(@BootstrapServers String bootstrap) throws Exception {
        List<GroupTestMember> members = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            members.add(new GroupTestMember("r" + i, group(bootstrap, "range-group", "range"), "ranged", true));
        }
        TestWaits.waitFor("three members share 12 partitions", () -> balanced(members, 12));
        Map<String, ConsumerPartitionAssignor.Subscription> subs = new HashMap<>();
        Map<String, Set<TopicPartition>> actual = new HashMap<>();
        for (GroupTestMember m : members) {
            GroupMetadata md = await(m.consumer.groupMetadata());
            subs.put(md.memberId(), new ConsumerPartitionAssignor.Subscription(List.of("ranged")));
            actual.put(md.memberId(), Set.copyOf(m.assignment()));
        }
        Map<String, Set<TopicPartition>> expected = new HashMap<>();
        new RangeAssignor().assign(Map.of("ranged", 12), subs).forEach((id, list) -> {
            Set<TopicPartition> set = new HashSet<>();
            list.forEach(tp -> set.add(new TopicPartition(tp.topic(), tp.partition())));
            expected.put(id, set);
        });
        assertThat(actual).isEqualTo(expected);
        for (GroupTestMember m : members) {
            m.close();
        }
    }

    @Test
    void mixedGroupWithRangeConsumesEveryRecordOnce(@BootstrapServers String bootstrap) throws Exception {
        mixedGroup(bootstrap, "mixed-range", "range", RangeAssignor.class.getName());
    }

    @Test
    void mixedGroupWithCooperativeStickyConsumesEveryRecordOnce(@BootstrapServers String bootstrap) throws Exception {
        mixedGroup(
                bootstrap,
                "mixed-coop",
                "cooperative-sticky",
                org.apache.kafka.clients.consumer.CooperativeStickyAssignor.class.getName());
    }

    private void mixedGroup(String bootstrap, String topic, String ours, String theirs) throws Exception {
        String groupId = topic + "-group";
        List<GroupTestMember> members = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            members.add(new GroupTestMember(topic + i, group(bootstrap, groupId, ours), topic, true)
                    .commitAfterProcessing());
        }
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, theirs);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000);
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
        Map<String, Integer> theirSeen = new ConcurrentHashMap<>();
        Set<org.apache.kafka.common.TopicPartition> theirAssignment = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
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
            }
        });
        kc.start();
        TestWaits.waitFor("the three members share 12 partitions", () -> {
            int ourTotal = members.get(0).assignment().size()
                    + members.get(1).assignment().size();
            return ourTotal + theirAssignment.size() == 12
                    && theirAssignment.size() == 4
                    && balanced(members, 12 - theirAssignment.size()) == (ourTotal == 8);
        });
        int count = 600;
        try (KafkaProducer<String, String> producer = producer(bootstrap, Map.of())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, i % 12, null, "v" + i));
            }
        }
        TestWaits.waitFor("every record consumed", () -> {
            Set<String> all = new HashSet<>(theirSeen.keySet());
            members.forEach(m -> all.addAll(m.seen.keySet()));
            return all.size() == count;
        });
        running.set(false);
        kc.join(30_000);
        Map<String, Integer> total = new HashMap<>(theirSeen);
        members.forEach(m -> m.seen.forEach((v, n) -> total.merge(v, n, Integer::sum)));
        assertThat(total).hasSize(count);
        assertThat(total.values()).allMatch(n -> n == 1);
        assertThat(theirSeen).isNotEmpty();
        members.forEach(m -> assertThat(m.seen).as(m.name).isNotEmpty());
        for (GroupTestMember m : members) {
            m.close();
        }
    }

    @Test
    void processingLongerThanTheSessionTimeoutKeepsThePartitions(@BootstrapServers String bootstrap) throws Exception {
        ConsumerOptions opts = options(bootstrap)
                .groupId("slow-group")
                .sessionTimeout(Duration.ofSeconds(2))
                .heartbeatInterval(Duration.ofMillis(300))
                .maxPollInterval(Duration.ofSeconds(60))
                .enableAutoCommit(false)
                .build();
        try (GroupTestMember slow = new GroupTestMember("slow", opts, "slow", false);
                GroupTestMember other = new GroupTestMember("other", opts, "slow", true)) {
            TestWaits.waitFor("two members share 12 partitions", () -> balanced(List.of(slow, other), 12));
            int generation = await(slow.consumer.groupMetadata()).generationId();
            Set<TopicPartition> held = Set.copyOf(slow.assignment());
            slow.events.clear();
            other.events.clear();
            // "Process" one batch for three session timeouts without asking for records.
            Thread.sleep(6_000);
            assertThat(await(slow.consumer.groupMetadata()).generationId()).isEqualTo(generation);
            assertThat(await(other.consumer.groupMetadata()).generationId()).isEqualTo(generation);
            assertThat(slow.assignment()).isEqualTo(held);
            assertThat(slow.events).isEmpty();
            assertThat(other.events).isEmpty();
        }
    }

    @Test
    void staticMemberRestartGetsItsPartitionsBackWithoutRebalance(@BootstrapServers String bootstrap) throws Exception {
        ConsumerOptions.Builder b = options(bootstrap)
                .groupId("static-group")
                .assignorNames("range")
                .sessionTimeout(Duration.ofSeconds(20))
                .heartbeatInterval(Duration.ofMillis(500))
                .enableAutoCommit(false);
        GroupTestMember first =
                new GroupTestMember("s1", b.groupInstanceId("s1").build(), "static", true);
        try (GroupTestMember second =
                new GroupTestMember("s2", b.groupInstanceId("s2").build(), "static", true)) {
            TestWaits.waitFor("two static members share 12 partitions", () -> balanced(List.of(first, second), 12));
            Set<TopicPartition> held = Set.copyOf(first.assignment());
            int generation = await(second.consumer.groupMetadata()).generationId();
            second.events.clear();
            first.close();
            try (GroupTestMember restarted =
                    new GroupTestMember("s1", b.groupInstanceId("s1").build(), "static", true)) {
                TestWaits.waitFor(
                        "the restarted member holds partitions",
                        () -> !restarted.assignment().isEmpty());
                assertThat(restarted.assignment()).isEqualTo(held);
                assertThat(await(second.consumer.groupMetadata()).generationId())
                        .isEqualTo(generation);
                assertThat(second.events).isEmpty();
            }
        }
    }

    @Test
    void commitAfterLeavingOnPollTimeoutFailsWithCommitFailedException(@BootstrapServers String bootstrap)
            throws Exception {
        ConsumerOptions opts = options(bootstrap)
                .groupId("fenced-group")
                .sessionTimeout(Duration.ofSeconds(6))
                .heartbeatInterval(Duration.ofMillis(500))
                .maxPollInterval(Duration.ofSeconds(2))
                .enableAutoCommit(false)
                .build();
        try (GroupTestMember m = new GroupTestMember("idle", opts, "fenced", false)) {
            await(m.consumer.getMany(Duration.ofMillis(100)));
            TestWaits.waitFor("partitions assigned", () -> m.assignment().size() == 12);
            TestWaits.waitFor(
                    "the member left after max.poll.interval.ms",
                    () -> m.events.stream().anyMatch(e -> e.kind().equals("lost")));
            Throwable error = failure(m.consumer.commit(
                    Map.of(new TopicPartition("fenced", 0), new dev.asynckafka.consumer.OffsetAndMetadata(1))));
            assertThat(error).isInstanceOf(CommitFailedException.class).hasMessageContaining("max.poll.interval.ms");
            // Holding no partitions, it rejoins when it asks for records again.
            assertThat(m.assignment()).isEmpty();
            await(m.consumer.getMany(Duration.ofMillis(100)));
            TestWaits.waitFor("partitions assigned again", () -> m.assignment().size() == 12);
            await(m.consumer.commit(
                    Map.of(new TopicPartition("fenced", 0), new dev.asynckafka.consumer.OffsetAndMetadata(1))));
            assertThat(await(m.consumer.committed(Set.of(new TopicPartition("fenced", 0)))))
                    .containsEntry(new TopicPartition("fenced", 0), new dev.asynckafka.consumer.OffsetAndMetadata(1));
        }
    }

    @Test
    void commitOfAStaticMemberReplacedByAnotherFailsWithCommitFailedException(@BootstrapServers String bootstrap)
            throws Exception {
        ConsumerOptions opts = options(bootstrap)
                .groupId("replaced-group")
                .groupInstanceId("same")
                .sessionTimeout(Duration.ofSeconds(6))
                .heartbeatInterval(Duration.ofMillis(500))
                .enableAutoCommit(false)
                .build();
        try (GroupTestMember m = new GroupTestMember("replaced", opts, "replaced", true)) {
            TestWaits.waitFor("partitions assigned", () -> m.assignment().size() == 12);
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.GROUP_ID_CONFIG, "replaced-group");
            p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "same");
            p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000);
            p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
            try (KafkaConsumer<String, String> other = new KafkaConsumer<>(p)) {
                other.subscribe(List.of("replaced"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (other.assignment().isEmpty() && System.nanoTime() < deadline) {
                    other.poll(Duration.ofMillis(100));
                }
                assertThat(other.assignment()).hasSize(12);
                Throwable error = failure(m.consumer.commit(
                        Map.of(new TopicPartition("replaced", 0), new dev.asynckafka.consumer.OffsetAndMetadata(1))));
                assertThat(error).isInstanceOf(CommitFailedException.class);
            }
        }
    }
}
