package dev.asynckafka.spring.listener;

import static dev.asynckafka.spring.listener.ListenerTestSupport.createTopic;
import static dev.asynckafka.spring.listener.ListenerTestSupport.produce;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.consumer.IsolationLevel;
import dev.asynckafka.producer.ProducerRecord;
import dev.asynckafka.spring.autoconfigure.AsyncKafkaAutoConfiguration;
import dev.asynckafka.spring.autoconfigure.AsyncKafkaListenerAutoConfiguration;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Transactional listener containers ({@code async-kafka.producer.transaction-id-prefix}): a
 * record's output sent through its {@link ListenerTransaction} and its offset commit in one
 * transaction, no OffsetCommit from the container, a failing listener's output aborted, the dead
 * letter committed in the transaction. kafka-clients reads the topics as the oracle; the
 * in-process broker's request counters say which offset commit requests it received.
 */
@EmbeddedAsyncKafka
@Timeout(300)
class TransactionalListenerIT {
    private static String servers;

    @BeforeAll
    static void cluster(@BootstrapServers String bootstrapServers) {
        servers = bootstrapServers;
    }

    private static ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        PropertyPlaceholderAutoConfiguration.class,
                        AsyncKafkaAutoConfiguration.class,
                        AsyncKafkaListenerAutoConfiguration.class))
                .withPropertyValues(
                        "async-kafka.bootstrap-servers=" + servers,
                        "async-kafka.consumer.auto-offset-reset=earliest",
                        "async-kafka.producer.max-block=30s",
                        "async-kafka.listener.retry.backoff.delay=50ms",
                        "async-kafka.listener.retry.backoff.max-delay=200ms",
                        "spring.application.name=txn-listener-it");
    }

    /** Uppercases each value into the output topic's same partition, in the record's transaction. */
    static final class Upper {
        final Map<String, String> transactionalIds = new ConcurrentHashMap<>();

        @AsyncKafkaListener(id = "upper", topics = "tl-in", groupId = "tl-upper")
        CompletableFuture<Void> on(String value, @Partition int partition, ListenerTransaction tx) {
            transactionalIds.put("tl-in-" + partition, tx.transactionalId());
            return tx.send(new ProducerRecord<>("tl-out", partition, null, value.toUpperCase(Locale.ROOT)))
                    .thenApply(md -> null);
        }
    }

    /** The same input, processed without transactions: the control for the request counters. */
    static final class Plain {
        @AsyncKafkaListener(id = "plain", topics = "tl-in", groupId = "tl-plain")
        void on(String value) {}
    }

    @Test
    void outputAndOffsetsCommitInOneTransactionPerRecordAndTheContainerSendsNoOffsetCommit() throws Exception {
        createTopic(servers, "tl-in", 3);
        createTopic(servers, "tl-out", 3);
        produce(servers, "tl-in", 3, 0, 50);
        long offsetCommitsBefore = brokerRequests("OffsetCommit");
        long txnOffsetCommitsBefore = brokerRequests("TxnOffsetCommit");

        runner().withPropertyValues("async-kafka.producer.transaction-id-prefix=tl-")
                .withBean(Upper.class, Upper::new)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ListenerContainer container = context.getBean(AsyncKafkaListenerRegistry.class)
                            .container("upper")
                            .orElseThrow();
                    awaitCommitted("tl-upper", "tl-in", Map.of(0, 50L, 1, 50L, 2, 50L));
                    assertThat(container.consumer()).isNotNull();
                    assertThat(container.consumer().options().isolationLevel())
                            .as("transactional listeners read committed input")
                            .isEqualTo(IsolationLevel.READ_COMMITTED);
                    assertThat(context.getBean(Upper.class).transactionalIds)
                            .containsEntry("tl-in-0", "tl-tl-upper:tl-in:0")
                            .containsEntry("tl-in-2", "tl-tl-upper:tl-in:2");
                });
        // After the stop too (revocation, close): never an OffsetCommit from a transactional container.
        assertThat(brokerRequests("OffsetCommit"))
                .as("OffsetCommit requests the broker received")
                .isEqualTo(offsetCommitsBefore);
        assertThat(brokerRequests("TxnOffsetCommit") - txnOffsetCommitsBefore)
                .as("TxnOffsetCommit requests: one per record")
                .isGreaterThanOrEqualTo(150);
        Map<Integer, List<String>> out = values(read("tl-out", true));
        for (int p = 0; p < 3; p++) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                expected.add(p + "-" + i);
            }
            assertThat(out.get(p)).as("partition %d of the output", p).isEqualTo(expected);
        }

        // The control: the counter does see the OffsetCommit of a container without transactions.
        runner().withBean(Plain.class, Plain::new)
                .run(context -> awaitCommitted("tl-plain", "tl-in", Map.of(0, 50L, 1, 50L, 2, 50L)));
        assertThat(brokerRequests("OffsetCommit")).isGreaterThan(offsetCommitsBefore);
    }

    /**
     * Sends its output; on the first call for "fence-2", once the output was acknowledged, a
     * kafka-clients producer with the same transactional id calls initTransactions: the lane's
     * producer is fenced before its offsets go in, and its transaction aborted.
     */
    static final class Fenced {
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        @AsyncKafkaListener(id = "fenced", topics = "tz-in", groupId = "tz-group")
        CompletableFuture<Void> on(String value, ListenerTransaction tx) {
            int call = calls.computeIfAbsent(value, v -> new AtomicInteger()).incrementAndGet();
            return tx.send(new ProducerRecord<>("tz-out", 0, null, "OUT:" + value))
                    .thenRun(() -> {
                        if (value.equals("fence-2") && call == 1) {
                            Properties p = new Properties();
                            p.put("bootstrap.servers", servers);
                            p.put("transactional.id", tx.transactionalId());
                            try (KafkaProducer<byte[], byte[]> zombieKiller = new KafkaProducer<>(
                                    p,
                                    new org.apache.kafka.common.serialization.ByteArraySerializer(),
                                    new org.apache.kafka.common.serialization.ByteArraySerializer())) {
                                zombieKiller.initTransactions();
                            }
                        }
                    });
        }
    }

    @Test
    void aFencedTransactionIsNotRetriedFromMemoryButThePartitionIsReadAgainFromItsCommittedOffset() throws Exception {
        createTopic(servers, "tz-in", 1);
        createTopic(servers, "tz-out", 1);
        createTopic(servers, "tz-in.DLT", 1);
        List<String> input = List.of("fence-0", "fence-1", "fence-2", "fence-3", "fence-4", "fence-5");
        try (KafkaProducer<byte[], byte[]> p = ListenerTestSupport.producer(servers)) {
            for (String v : input) {
                p.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                        "tz-in", 0, null, v.getBytes(StandardCharsets.UTF_8)));
            }
            p.flush();
        }
        runner().withPropertyValues(
                        "async-kafka.producer.transaction-id-prefix=tz-",
                        // One attempt: a fencing counted as a listener failure would dead-letter the record.
                        "async-kafka.listener.retry.max-attempts=1")
                .withBean(Fenced.class, Fenced::new)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    awaitCommitted("tz-group", "tz-in", Map.of(0, 6L));
                    assertThat(context.getBean(Fenced.class).calls.get("fence-2"))
                            .as("listener calls for the record whose transaction was fenced")
                            .hasValue(2);
                });
        List<String> expected = input.stream().map(v -> "OUT:" + v).toList();
        assertThat(values(read("tz-out", true)))
                .as("read_committed output: every record once, in order, none lost or doubled by the re-read")
                .isEqualTo(Map.of(0, expected));
        assertThat(read("tz-in.DLT", false)).as("dead letters").isEmpty();
    }

    /** Sends its output, then fails for values starting with "bad" once the output was acknowledged. */
    static final class Failing {
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        @AsyncKafkaListener(id = "failing", topics = "tf-in", groupId = "tf-group")
        CompletableFuture<Void> on(String value, ListenerTransaction tx) {
            calls.computeIfAbsent(value, v -> new AtomicInteger()).incrementAndGet();
            return tx.send(new ProducerRecord<>("tf-out", 0, null, "OUT:" + value))
                    .thenCompose(md -> value.startsWith("bad")
                            ? CompletableFuture.failedFuture(new IllegalStateException("cannot handle " + value))
                            : CompletableFuture.completedFuture(null));
        }
    }

    @Test
    void aFailingListenersOutputIsAbortedAndItsDeadLetterIsCommittedInTheTransaction() throws Exception {
        createTopic(servers, "tf-in", 1);
        createTopic(servers, "tf-out", 1);
        createTopic(servers, "tf-in.DLT", 1);
        try (KafkaProducer<byte[], byte[]> p = ListenerTestSupport.producer(servers)) {
            for (String v : List.of("ok-0", "bad-1", "ok-2")) {
                p.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                        "tf-in", 0, null, v.getBytes(StandardCharsets.UTF_8)));
            }
            p.flush();
        }
        runner().withPropertyValues("async-kafka.producer.transaction-id-prefix=tf-")
                .withBean(Failing.class, Failing::new)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    awaitCommitted("tf-group", "tf-in", Map.of(0, 3L));
                    assertThat(context.getBean(Failing.class).calls.get("bad-1"))
                            .as("listener calls for the failing record")
                            .hasValue(3);
                });
        // Every attempt's output reached the log and was aborted: read_uncommitted sees the three
        // copies, read_committed none.
        assertThat(values(read("tf-out", true)).get(0)).containsExactly("OUT:ok-0", "OUT:ok-2");
        assertThat(values(read("tf-out", false)).get(0))
                .containsExactly("OUT:ok-0", "OUT:bad-1", "OUT:bad-1", "OUT:bad-1", "OUT:ok-2");

        List<ConsumerRecord<byte[], byte[]>> dead = read("tf-in.DLT", true);
        assertThat(dead).hasSize(1);
        ConsumerRecord<byte[], byte[]> d = dead.get(0);
        assertThat(new String(d.value(), StandardCharsets.UTF_8)).isEqualTo("bad-1");
        assertThat(header(d, DeadLetterHeaders.ORIGINAL_OFFSET)).isEqualTo("1");
        assertThat(header(d, DeadLetterHeaders.ATTEMPTS)).isEqualTo("3");
        assertThat(header(d, DeadLetterHeaders.EXCEPTION_MESSAGE)).isEqualTo("cannot handle bad-1");
        // Written in a transaction: the commit marker follows the record (a plain send has none).
        assertThat(endOffset("tf-in.DLT"))
                .as("end offset of the dead-letter topic")
                .isEqualTo(2);
    }

    /** Counts what it processed; sends in the record's transaction when it takes one. */
    static final class Throughput {
        final AtomicInteger processed = new AtomicInteger();

        @AsyncKafkaListener(id = "tp-txn", topics = "tp-in", groupId = "tp-txn", autoStartup = "false")
        CompletableFuture<Void> transactional(String value, @Partition int partition, ListenerTransaction tx) {
            return tx.send(new ProducerRecord<>("tp-out", partition, null, value))
                    .thenApply(md -> {
                        processed.incrementAndGet();
                        return null;
                    });
        }

        @AsyncKafkaListener(
                id = "tp-batch",
                topics = "tp-in",
                groupId = "tp-batch",
                autoStartup = "false",
                batch = true)
        CompletableFuture<Void> batch(
                List<dev.asynckafka.consumer.ConsumerRecord<String, String>> records, ListenerTransaction tx) {
            CompletableFuture<?>[] sends = new CompletableFuture<?>[records.size()];
            for (int i = 0; i < sends.length; i++) {
                var r = records.get(i);
                sends[i] = tx.send(new ProducerRecord<>("tp-out", r.partition(), null, r.value()));
            }
            return CompletableFuture.allOf(sends).thenRun(() -> processed.addAndGet(sends.length));
        }

        @AsyncKafkaListener(id = "tp-plain", topics = "tp-in", groupId = "tp-plain", autoStartup = "false")
        void plain(String value) {
            processed.incrementAndGet();
        }
    }

    /**
     * The cost of a transaction per record: 12 partitions of {@code asynckafka.eos.throughput.records}
     * records each (default 200) through a transactional record listener and a transactional batch
     * listener (both produce one record per input), and through a plain one. Each time includes the
     * container's start and group join. Prints records per second; asserts only that every
     * record was processed. Run with {@code -Dasynckafka.eos.throughput=true}.
     */
    @Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "asynckafka.eos.throughput", matches = "true")
    void throughputOfTransactionalAndPlainListeners() throws Exception {
        int perPartition = Integer.getInteger("asynckafka.eos.throughput.records", 200);
        createTopic(servers, "tp-in", 12);
        createTopic(servers, "tp-out", 12);
        produce(servers, "tp-in", 12, 0, perPartition);
        int total = 12 * perPartition;
        runner().withPropertyValues(
                        "async-kafka.producer.transaction-id-prefix=tp-",
                        "async-kafka.listener.concurrency=12",
                        "async-kafka.retry-backoff=" + System.getProperty("asynckafka.eos.retry-backoff", "100ms"))
                .withBean(Throughput.class, Throughput::new)
                .run(context -> {
                    AsyncKafkaListenerRegistry registry = context.getBean(AsyncKafkaListenerRegistry.class);
                    Throughput t = context.getBean(Throughput.class);
                    for (String id : List.of("tp-txn", "tp-batch", "tp-plain")) {
                        t.processed.set(0);
                        long start = System.nanoTime();
                        registry.start(id);
                        ListenerTestSupport.await(id + " processed everything", () -> t.processed.get() >= total);
                        double seconds = (System.nanoTime() - start) / 1e9;
                        registry.stop(id);
                        System.out.printf(
                                Locale.ROOT,
                                "TransactionalListenerIT throughput %s: %d records in %.1f s = %.0f records/s%n",
                                id,
                                total,
                                seconds,
                                total / seconds);
                        assertThat(t.processed.get()).isGreaterThanOrEqualTo(total);
                    }
                });
    }

    /** Takes a ListenerTransaction although the containers are not transactional. */
    static final class Misconfigured {
        @AsyncKafkaListener(id = "misconfigured", topics = "tl-in", groupId = "tl-misconfigured")
        void on(String value, ListenerTransaction tx) {}
    }

    @Test
    void aListenerTakingATransactionNeedsTheTransactionIdPrefix() {
        runner().withBean(Misconfigured.class, Misconfigured::new)
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("misconfigured")
                        .hasMessageContaining("async-kafka.producer.transaction-id-prefix"));
    }

    // ------------------------------------------------------------------ oracles

    /** How many requests of this API the in-process brokers received (their JMX request metrics). */
    private static long brokerRequests(String api) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        long total = 0;
        for (ObjectName name : server.queryNames(
                new ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,request=" + api + ",*"), null)) {
            total += ((Number) server.getAttribute(name, "Count")).longValue();
        }
        return total;
    }

    private static void awaitCommitted(String group, String topic, Map<Integer, Long> expected) throws Exception {
        try (Admin admin = ListenerTestSupport.admin(servers)) {
            Map<Integer, Long> committed = Map.of();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline) {
                Map<Integer, Long> now = new HashMap<>();
                admin.listConsumerGroupOffsets(
                                Map.of(group, new ListConsumerGroupOffsetsSpec()),
                                new ListConsumerGroupOffsetsOptions().requireStable(true))
                        .partitionsToOffsetAndMetadata(group)
                        .get(30, TimeUnit.SECONDS)
                        .forEach((tp, om) -> {
                            if (tp.topic().equals(topic) && om != null) {
                                now.put(tp.partition(), om.offset());
                            }
                        });
                committed = now;
                if (committed.equals(expected)) {
                    return;
                }
                Thread.sleep(100);
            }
            assertThat(committed).as("committed offsets of " + group).isEqualTo(expected);
        }
    }

    private static long endOffset(String topic) {
        try (KafkaConsumer<byte[], byte[]> c = consumer(false)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            return c.endOffsets(List.of(tp), Duration.ofSeconds(30)).get(tp);
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(boolean readCommitted) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Every record of the topic up to its end offsets (the last stable offsets for read_committed). */
    static List<ConsumerRecord<byte[], byte[]>> read(String topic, boolean readCommitted) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = consumer(readCommitted)) {
            List<TopicPartition> parts = new ArrayList<>();
            c.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (end.entrySet().stream()
                    .anyMatch(e -> c.position(e.getKey(), Duration.ofSeconds(30)) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Reading " + topic + " did not reach " + end);
                }
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static Map<Integer, List<String>> values(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<Integer, List<String>> out = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            out.computeIfAbsent(r.partition(), p -> new ArrayList<>())
                    .add(new String(r.value(), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String key) {
        RecordHeader h = (RecordHeader) r.headers().lastHeader(key);
        return h == null ? "(none)" : new String(h.value(), StandardCharsets.UTF_8);
    }
}
