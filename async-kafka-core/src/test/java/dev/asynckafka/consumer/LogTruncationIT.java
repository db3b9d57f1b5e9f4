package dev.asynckafka.consumer;

import static dev.asynckafka.consumer.ConsumerTestSupport.await;
import static dev.asynckafka.consumer.ConsumerTestSupport.failure;
import static dev.asynckafka.consumer.ConsumerTestSupport.options;
import static dev.asynckafka.consumer.ConsumerTestSupport.producer;
import static dev.asynckafka.consumer.ConsumerTestSupport.stringConsumer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.TestWaits;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.errors.LogTruncationException;
import dev.asynckafka.test.EmbeddedKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Log truncation after an unclean leader election (KIP-320), on a 3-broker cluster. Partition 0 of
 * a topic with replicas on brokers 1 (leader) and 2: broker 2 stops, records only broker 1 holds
 * are produced with acks=1 and read by every consumer, broker 1 stops, the stale broker 2 starts
 * and is made leader by an unclean election, and new records are produced to it: its log has
 * different records (or none) at the offsets the consumers already read.
 *
 * <p>KRaft keeps the last in-sync replica in the ISR when it goes down, and with Eligible Leader
 * Replicas (KIP-966) only ISR/ELR members become leader by themselves: broker 2 left the ISR
 * while it was stopped, so it only becomes leader through an explicit unclean election (the
 * kafka-clients Admin's {@code electLeaders(UNCLEAN)}), which the topic's {@code
 * unclean.leader.election.enable=true} permits. Every step waits for the metadata to show the
 * state it needs; nothing sleeps.
 *
 * <p>The consumers were created and positioned before the election, as kafka-clients consumers do
 * as the oracle: with reset earliest/latest both move to the divergence point and return the new
 * leader's records from there; with reset none both fail naming the partition.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class LogTruncationIT {
    private static final String TOPIC = "truncated";
    private static final int LEADER = 1;
    private static final int FOLLOWER = 2;
    private static final int COMMON = 3;
    private static final int LOST = 7;
    private static final int REPLACED = 5;
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
    private static final org.apache.kafka.common.TopicPartition KTP =
            new org.apache.kafka.common.TopicPartition(TOPIC, 0);

    private EmbeddedKafkaCluster kafka;
    private Admin admin;
    private AsyncKafkaConsumer<String, String> earliest;
    private AsyncKafkaConsumer<String, String> latest;
    private AsyncKafkaConsumer<String, String> none;
    private KafkaConsumer<String, String> oracleEarliest;
    private KafkaConsumer<String, String> oracleNone;
    /** What the new leader holds after the election, by offset, read back by a fresh consumer. */
    private Map<Long, String> newLog;

    @BeforeAll
    void divergeTheLog() throws Exception {
        kafka = EmbeddedKafkaCluster.builder()
                .brokers(3)
                .brokerProperty("unclean.leader.election.enable", "true")
                .start();
        String bootstrap = kafka.bootstrapServers();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        admin.createTopics(List.of(new NewTopic(TOPIC, Map.of(0, List.of(LEADER, FOLLOWER)))
                        .configs(Map.of("min.insync.replicas", "1", "unclean.leader.election.enable", "true"))))
                .all()
                .get(60, TimeUnit.SECONDS);
        TestWaits.waitFor(
                "both replicas in sync", () -> leaderOf() == LEADER && isr().equals(List.of(LEADER, FOLLOWER)));

        // Records both replicas hold.
        produce(bootstrap, "all", "common-", COMMON);
        kafka.stopBroker(FOLLOWER);
        TestWaits.waitFor("the ISR to shrink to the leader", () -> isr().equals(List.of(LEADER)));
        // Records only the leader holds: they are lost in the unclean election.
        produce(bootstrap, "1", "lost-", LOST);

        earliest = positioned(bootstrap, AutoOffsetReset.EARLIEST);
        latest = positioned(bootstrap, AutoOffsetReset.LATEST);
        none = positioned(bootstrap, AutoOffsetReset.NONE);
        oracleEarliest = oraclePositioned(bootstrap, "earliest");
        oracleNone = oraclePositioned(bootstrap, "none");

        kafka.stopBroker(LEADER);
        TestWaits.waitFor("the partition to have no leader", () -> leaderOf() < 0);
        kafka.startBroker(FOLLOWER);
        TestWaits.waitFor("the stale follower to become leader by unclean election", () -> {
            try {
                admin.electLeaders(ElectionType.UNCLEAN, Set.of(KTP)).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | InterruptedException | java.util.concurrent.TimeoutException e) {
                // not yet eligible (the broker is still registering), or already elected
            }
            return leaderOf() == FOLLOWER;
        });

        // New records at the offsets the lost ones had: the diverged log.
        produce(bootstrap, "1", "new-", REPLACED);
        newLog = readBack(bootstrap);
        assertThat(newLog).hasSize(COMMON + REPLACED);
        assertThat(newLog.get((long) COMMON)).isEqualTo("new-0");
    }

    @AfterAll
    void close() {
        for (AutoCloseable c : new AutoCloseable[] {earliest, latest, none, oracleEarliest, oracleNone, admin, kafka}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // best effort
                }
            }
        }
    }

    @Test
    void resetEarliestMovesToTheDivergencePointAndReturnsOnlyTheNewLeadersRecords() throws Exception {
        assertResumesAtDivergencePoint(earliest);
    }

    @Test
    void resetLatestAlsoMovesToTheDivergencePoint() throws Exception {
        assertResumesAtDivergencePoint(latest);
    }

    @Test
    void resetNoneFailsWithLogTruncationException() throws Exception {
        Throwable error = failure(none.getMany(Duration.ofSeconds(30), 100));
        assertThat(error).isInstanceOf(LogTruncationException.class).hasMessageContaining(TP.toString());
        LogTruncationException truncation = (LogTruncationException) error;
        assertThat(truncation.positions()).containsEntry(TP, (long) COMMON + LOST);
        assertThat(truncation.divergentOffsets()).containsEntry(TP, (long) COMMON);
        // The partition stays failed: nothing from it reaches the application until it is sought.
        assertThat(failure(none.getMany(Duration.ofSeconds(5), 100))).isInstanceOf(LogTruncationException.class);
        await(none.seek(TP, truncation.divergentOffsets().get(TP)));
        List<ConsumerRecord<String, String>> read = readUntil(none, COMMON + REPLACED);
        assertMatchesNewLog(read);
        assertThat(read.get(0).offset()).isEqualTo(COMMON);
    }

    /**
     * A position with an epoch from before the election (as a committed offset carries it) is
     * checked against the new leader before anything is fetched from it.
     */
    @Test
    void aSeekWithAnEpochFromTheOldLeaderIsValidatedFirst() throws Exception {
        OffsetAndMetadata stale = new OffsetAndMetadata(COMMON + LOST, 0, "");
        try (AsyncKafkaConsumer<String, String> failing = stringConsumer(options(kafka.bootstrapServers())
                        .autoOffsetReset(AutoOffsetReset.NONE)
                        .build());
                AsyncKafkaConsumer<String, String> resetting = stringConsumer(options(kafka.bootstrapServers())
                        .autoOffsetReset(AutoOffsetReset.EARLIEST)
                        .build())) {
            failing.assign(List.of(TP));
            await(failing.seek(TP, stale));
            Throwable error = failure(failing.getMany(Duration.ofSeconds(30), 100));
            assertThat(error).isInstanceOf(LogTruncationException.class);
            assertThat(((LogTruncationException) error).divergentOffsets()).containsEntry(TP, (long) COMMON);

            resetting.assign(List.of(TP));
            await(resetting.seek(TP, stale));
            assertResumesAtDivergencePoint(resetting);
        }
    }

    /** kafka-clients' consumer in the same scenario: the behaviour ours follows. */
    @Test
    void kafkaClientsConsumerBehavesTheSame() {
        List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> read = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (read.size() < REPLACED && System.nanoTime() < deadline) {
            oracleEarliest.poll(Duration.ofMillis(200)).forEach(read::add);
        }
        assertThat(read).isNotEmpty();
        assertThat(read.get(0).offset()).isEqualTo(COMMON);
        read.forEach(r -> assertThat(r.value()).isEqualTo(newLog.get(r.offset())));

        org.apache.kafka.clients.consumer.LogTruncationException thrown = null;
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (thrown == null && System.nanoTime() < deadline) {
            try {
                assertThat(oracleNone.poll(Duration.ofMillis(200))).isEmpty();
            } catch (org.apache.kafka.clients.consumer.LogTruncationException e) {
                thrown = e;
            }
        }
        assertThat(thrown).isNotNull();
        assertThat(thrown.divergentOffsets().get(KTP).offset()).isEqualTo(COMMON);
    }

    private void assertResumesAtDivergencePoint(AsyncKafkaConsumer<String, String> consumer) throws Exception {
        List<ConsumerRecord<String, String>> read = readUntil(consumer, COMMON + REPLACED);
        assertThat(read).isNotEmpty();
        assertThat(read.get(0).offset()).as("the first offset known to diverge").isEqualTo(COMMON);
        assertMatchesNewLog(read);
        assertThat(await(consumer.position(TP))).isEqualTo((long) COMMON + REPLACED);
    }

    /** Every record returned is the one the new leader holds at its offset, in order, no gaps. */
    private void assertMatchesNewLog(List<ConsumerRecord<String, String>> read) {
        long expected = read.get(0).offset();
        for (ConsumerRecord<String, String> r : read) {
            assertThat(r.offset()).isEqualTo(expected++);
            assertThat(r.value()).as("record at offset %d", r.offset()).isEqualTo(newLog.get(r.offset()));
        }
    }

    /** Reads until the position reaches {@code end}. */
    private static List<ConsumerRecord<String, String>> readUntil(AsyncKafkaConsumer<String, String> consumer, long end)
            throws Exception {
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ((read.isEmpty() || read.get(read.size() - 1).offset() < end - 1) && System.nanoTime() < deadline) {
            await(consumer.getMany(Duration.ofMillis(500), 100)).forEach(read::add);
        }
        return read;
    }

    private static AsyncKafkaConsumer<String, String> positioned(String bootstrap, AutoOffsetReset reset)
            throws Exception {
        AsyncKafkaConsumer<String, String> c =
                stringConsumer(options(bootstrap).autoOffsetReset(reset).build());
        c.assign(List.of(TP));
        await(c.seek(TP, 0));
        List<ConsumerRecord<String, String>> read = readUntil(c, COMMON + LOST);
        assertThat(read).hasSize(COMMON + LOST);
        assertThat(read.get(COMMON + LOST - 1).value()).isEqualTo("lost-" + (LOST - 1));
        return c;
    }

    private static KafkaConsumer<String, String> oraclePositioned(String bootstrap, String reset) {
        KafkaConsumer<String, String> c = new KafkaConsumer<>(consumerProps(bootstrap, reset));
        c.assign(List.of(KTP));
        c.seek(KTP, 0);
        int read = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (read < COMMON + LOST && System.nanoTime() < deadline) {
            read += c.poll(Duration.ofMillis(200)).count();
        }
        assertThat(read).isEqualTo(COMMON + LOST);
        return c;
    }

    private static Properties consumerProps(String bootstrap, String reset) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, reset);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return p;
    }

    /** The new leader's log, read from the start by a fresh kafka-clients consumer. */
    private static Map<Long, String> readBack(String bootstrap) {
        Map<Long, String> log = new LinkedHashMap<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(consumerProps(bootstrap, "earliest"))) {
            c.assign(List.of(KTP));
            c.seekToBeginning(List.of(KTP));
            long end = c.endOffsets(List.of(KTP)).get(KTP);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (c.position(KTP) < end && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(r -> log.put(r.offset(), r.value()));
            }
        }
        return log;
    }

    private static void produce(String bootstrap, String acks, String prefix, int count) throws Exception {
        try (KafkaProducer<String, String> p = producer(bootstrap, Map.of(ProducerConfig.ACKS_CONFIG, acks))) {
            for (int i = 0; i < count; i++) {
                p.send(new ProducerRecord<>(TOPIC, 0, null, prefix + i)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private TopicPartitionInfo partitionInfo() throws Exception {
        TopicDescription d = admin.describeTopics(List.of(TOPIC))
                .allTopicNames()
                .get(30, TimeUnit.SECONDS)
                .get(TOPIC);
        return d.partitions().get(0);
    }

    private int leaderOf() {
        try {
            Node leader = partitionInfo().leader();
            return leader == null || leader.isEmpty() ? -1 : leader.id();
        } catch (Exception e) {
            return -2;
        }
    }

    private List<Integer> isr() {
        try {
            List<Integer> out = new ArrayList<>();
            partitionInfo().isr().forEach(n -> out.add(n.id()));
            out.sort(null);
            return out;
        } catch (Exception e) {
            return List.of();
        }
    }

    /** Polls a condition on the cluster's state (no fixed sleeps: it returns as soon as it holds). */
}
