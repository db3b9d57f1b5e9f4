package dev.asynckafka.consumer;

import static dev.asynckafka.consumer.ConsumerProtocolGroupIT.consumerProtocol;
import static dev.asynckafka.consumer.ConsumerProtocolGroupIT.waitFor;
import static dev.asynckafka.consumer.ConsumerTestSupport.options;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.ConsumerProtocolGroupIT.Feed;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An online migration of a consumer group from the classic protocol to KIP-848: classic members
 * that commit after processing are replaced one at a time, each closed gracefully, by
 * {@code group.protocol=consumer} members while records keep arriving. The broker converts the group
 * to a consumer group when the first new-protocol member joins and runs it mixed meanwhile.
 */
@EmbeddedAsyncKafka(
        topics = {"kip848-migration", "kip848-migration-kc"},
        partitions = 12,
        brokerProperties = {
            "group.initial.rebalance.delay.ms=0",
            "group.consumer.min.heartbeat.interval.ms=500",
            "group.consumer.heartbeat.interval.ms=500",
            "group.consumer.min.session.timeout.ms=3000",
            "group.consumer.session.timeout.ms=4000",
            "group.consumer.migration.policy=bidirectional"
        })
@Timeout(300)
class ClassicToConsumerMigrationIT {

    /** A group member of either client and either protocol, as this test observes it. */
    private interface Member {
        String name();

        Set<TopicPartition> partitions();

        Map<String, Integer> seen();

        int lost();

        List<String> events();

        /** Closes gracefully: stops processing, then leaves the group. */
        void close() throws Exception;
    }

    private static Member ours(ProtocolTestMember m) {
        return new Member() {
            @Override
            public String name() {
                return m.name;
            }

            @Override
            public Set<TopicPartition> partitions() {
                return m.assignment();
            }

            @Override
            public Map<String, Integer> seen() {
                return m.seen;
            }

            @Override
            public int lost() {
                return m.lost.get();
            }

            @Override
            public List<String> events() {
                return m.events;
            }

            @Override
            public void close() throws Exception {
                m.close();
            }
        };
    }

    private static ConsumerOptions classic(String bootstrap, String groupId) {
        return options(bootstrap)
                .groupId(groupId)
                .groupProtocol(GroupProtocol.CLASSIC)
                .sessionTimeout(Duration.ofSeconds(10))
                .heartbeatInterval(Duration.ofMillis(500))
                .rebalanceTimeout(Duration.ofSeconds(20))
                .enableAutoCommit(false)
                .build();
    }

    /**
     * A kafka-clients member with the classic protocol that processes, then commits synchronously,
     * and keeps the same ownership ledger as {@link ProtocolTestMember}.
     */
    private static final class KafkaClientsClassicMember implements Member, ConsumerRebalanceListener {
        private final String name;
        private final Map<String, Integer> seen = new ConcurrentHashMap<>();
        private final Set<TopicPartition> owned = ConcurrentHashMap.newKeySet();
        private final List<String> events = new CopyOnWriteArrayList<>();
        private final AtomicInteger lost = new AtomicInteger();
        private final Map<TopicPartition, String> ledger;
        private final List<String> violations;
        private final Thread thread;
        private volatile boolean running = true;

        KafkaClientsClassicMember(
                String name,
                String bootstrap,
                String groupId,
                String topic,
                Map<TopicPartition, String> ledger,
                List<String> violations) {
            this.name = name;
            this.ledger = ledger;
            this.violations = violations;
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
            p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
            p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
            p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
            p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            thread = new Thread(
                    () -> {
                        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
                            c.subscribe(List.of(topic), this);
                            while (running) {
                                var records = c.poll(Duration.ofMillis(100));
                                Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets =
                                        new HashMap<>();
                                records.forEach(r -> {
                                    seen.merge(r.value(), 1, Integer::sum);
                                    offsets.put(
                                            new org.apache.kafka.common.TopicPartition(r.topic(), r.partition()),
                                            new OffsetAndMetadata(r.offset() + 1));
                                });
                                if (!offsets.isEmpty()) {
                                    try {
                                        c.commitSync(offsets);
                                    } catch (RuntimeException e) {
                                        events.add("commit failed: " + e);
                                    }
                                }
                            }
                        } catch (RuntimeException e) {
                            events.add("poll loop: " + e);
                        }
                    },
                    "kafka-clients-classic-" + name);
            thread.setDaemon(true);
            thread.start();
        }

        private static Set<TopicPartition> ours(Collection<org.apache.kafka.common.TopicPartition> partitions) {
            return partitions.stream()
                    .map(tp -> new TopicPartition(tp.topic(), tp.partition()))
                    .collect(Collectors.toSet());
        }

        @Override
        public void onPartitionsAssigned(Collection<org.apache.kafka.common.TopicPartition> partitions) {
            events.add("assigned " + partitions);
            for (TopicPartition tp : ours(partitions)) {
                String other = ledger.putIfAbsent(tp, name);
                if (other != null && !other.equals(name)) {
                    violations.add(name + " got " + tp + " while " + other + " owned it");
                }
                owned.add(tp);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<org.apache.kafka.common.TopicPartition> partitions) {
            events.add("revoked " + partitions);
            release(ours(partitions));
        }

        @Override
        public void onPartitionsLost(Collection<org.apache.kafka.common.TopicPartition> partitions) {
            events.add("lost " + partitions);
            lost.incrementAndGet();
            release(ours(partitions));
        }

        private void release(Set<TopicPartition> partitions) {
            owned.removeAll(partitions);
            partitions.forEach(tp -> ledger.remove(tp, name));
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Set<TopicPartition> partitions() {
            return Set.copyOf(owned);
        }

        @Override
        public Map<String, Integer> seen() {
            return seen;
        }

        @Override
        public int lost() {
            return lost.get();
        }

        @Override
        public List<String> events() {
            return events;
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(60_000);
            assertThat(thread.isAlive()).as(name + " closed").isFalse();
        }
    }

    private static boolean balanced(List<Member> members, int partitions) {
        Set<TopicPartition> union = new HashSet<>();
        int total = 0;
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (Member m : members) {
            Set<TopicPartition> a = m.partitions();
            union.addAll(a);
            total += a.size();
            min = Math.min(min, a.size());
            max = Math.max(max, a.size());
        }
        return union.size() == partitions && total == partitions && max - min <= 1;
    }

    private static ConsumerGroupDescription describe(Admin admin, String groupId) {
        try {
            return admin.describeConsumerGroups(List.of(groupId))
                    .describedGroups()
                    .get(groupId)
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("describing " + groupId, e);
        }
    }

    /** The broker sees the group stable with exactly {@code size} members, and ours agree on a split. */
    private static boolean stable(Admin admin, String groupId, List<Member> members, int size) {
        if (!balanced(members, 12)) {
            return false;
        }
        ConsumerGroupDescription d = describe(admin, groupId);
        return d.groupState() == GroupState.STABLE && d.members().size() == size;
    }

    @Test
    void classicMembersReplacedOneByOneByConsumerProtocolMembersLoseNothing(@BootstrapServers String bootstrap)
            throws Exception {
        migrate(bootstrap, "kip848-migration", false);
    }

    @Test
    void aKafkaClientsClassicMemberIsReplacedToo(@BootstrapServers String bootstrap) throws Exception {
        migrate(bootstrap, "kip848-migration-kc", true);
    }

    private void migrate(String bootstrap, String topic, boolean withKafkaClients) throws Exception {
        String groupId = topic + "-group";
        Map<TopicPartition, String> ledger = new ConcurrentHashMap<>();
        List<String> violations = new CopyOnWriteArrayList<>();
        List<Member> members = new ArrayList<>();
        List<Member> all = new ArrayList<>();
        Feed feed = new Feed(bootstrap, topic);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            for (int i = 0; i < 3; i++) {
                Member m = withKafkaClients && i == 1
                        ? new KafkaClientsClassicMember("kc-classic" + i, bootstrap, groupId, topic, ledger, violations)
                        : ours(new ProtocolTestMember(
                                "classic" + i, classic(bootstrap, groupId), topic, ledger, violations));
                members.add(m);
                all.add(m);
            }
            waitFor("three classic members share 12 partitions", () -> stable(admin, groupId, members, 3));
            assertThat(describe(admin, groupId).type()).isEqualTo(GroupType.CLASSIC);
            Thread.sleep(500);

            List<Long> replaceMillis = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int before = processedTotal(all);
                Member old = members.remove(0);
                long start = System.nanoTime();
                old.close();
                Member next = ours(new ProtocolTestMember(
                        "consumer" + i, consumerProtocol(bootstrap, groupId), topic, ledger, violations));
                members.add(next);
                all.add(next);
                int round = i;
                waitFor("the group is stable after replacing " + old.name(), () -> stable(admin, groupId, members, 3));
                replaceMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                assertThat(describe(admin, groupId).type())
                        .as("after %d replacement(s) the group was upgraded online", round + 1)
                        .isEqualTo(GroupType.CONSUMER);
                // The group keeps consuming after each step, not only at the end.
                waitFor("records are processed after replacing " + old.name(), () -> processedTotal(all) > before);
            }
            for (Member m : members) {
                assertThat(m.name()).startsWith("consumer");
            }
            Thread.sleep(500);
            feed.stop();
            int count = feed.sent.get();
            waitFor("every record consumed", () -> {
                Set<String> values = new HashSet<>();
                all.forEach(m -> values.addAll(m.seen().keySet()));
                return values.size() == count;
            });
            Map<String, Integer> total = new HashMap<>();
            all.forEach(m -> m.seen().forEach((v, n) -> total.merge(v, n, Integer::sum)));
            long duplicates = total.values().stream().filter(n -> n > 1).count();
            System.out.printf(
                    "kip848 migration (kafka-clients member: %s): %d records, %d processed more than once;"
                            + " replacement to stable: %s ms; per member: %s%n",
                    withKafkaClients,
                    count,
                    duplicates,
                    replaceMillis,
                    all.stream()
                            .collect(
                                    Collectors.toMap(Member::name, m -> m.seen().size())));
            assertThat(total).as("records processed at least once").hasSize(count);
            Map<String, List<String>> whoProcessedDuplicates = new HashMap<>();
            total.forEach((v, n) -> {
                if (n > 1) {
                    all.forEach(m -> {
                        if (m.seen().containsKey(v)) {
                            whoProcessedDuplicates
                                    .computeIfAbsent(v, k -> new ArrayList<>())
                                    .add(m.name() + "x" + m.seen().get(v));
                        }
                    });
                }
            });
            assertThat(total.entrySet())
                    .as(
                            "records processed more than once, by: %s; events: %s",
                            whoProcessedDuplicates,
                            all.stream().collect(Collectors.toMap(Member::name, Member::events)))
                    .filteredOn(e -> e.getValue() != 1)
                    .isEmpty();
            assertThat(violations)
                    .as("a partition owned by two members at once")
                    .isEmpty();
            all.forEach(m ->
                    assertThat(m.lost()).as(m.name() + " events " + m.events()).isZero());
        } finally {
            feed.stop();
            for (Member m : members) {
                m.close();
            }
        }
    }

    private static int processedTotal(List<Member> members) {
        return members.stream().mapToInt(m -> m.seen().size()).sum();
    }
}
