package dev.asynckafka.compat;

import static dev.asynckafka.compat.CompatSupport.await;
import static dev.asynckafka.compat.CompatSupport.bootstrap;
import static dev.asynckafka.compat.CompatSupport.client;
import static dev.asynckafka.compat.CompatSupport.consumerOptions;
import static dev.asynckafka.compat.CompatSupport.createTopics;
import static dev.asynckafka.compat.CompatSupport.oracleConsumer;
import static dev.asynckafka.compat.CompatSupport.readAtLeast;
import static dev.asynckafka.compat.CompatSupport.stringConsumer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.consumer.ConsumerRecord;
import dev.asynckafka.consumer.GroupMetadata;
import dev.asynckafka.consumer.OffsetAndMetadata;
import dev.asynckafka.errors.ProducerFencedException;
import dev.asynckafka.producer.AsyncKafkaProducer;
import dev.asynckafka.producer.ProducerOptions;
import dev.asynckafka.producer.ProducerRecord;
import dev.asynckafka.producer.RecordMetadata;
import dev.asynckafka.serialization.Serializers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our transactional producer against each release, kafka-clients as the oracle: interleaved
 * committed and aborted transactions read with kafka-clients' read_committed consumer (exactly the
 * committed records, in order), offsets sent to a transaction committed only with it, and fencing
 * by a second producer with the same {@code transactional.id}. Each release is also checked for
 * the protocol path the producer negotiated: 3.9.2 has no {@code transaction.version} feature
 * (classic), 4.4.0 finalizes {@code transaction.version=2} on a freshly formatted cluster (TV2,
 * KIP-890).
 */
@ParameterizedClass(name = "Kafka {0}")
@MethodSource("dev.asynckafka.compat.CompatBrokers#versions")
@Timeout(300)
class TransactionalProducerCompatIT {
    /** The path each release negotiates as it is formatted by {@code ForkedKafkaBroker}. */
    private static final Map<String, Boolean> EXPECTED_TV2 = Map.of("3.9.2", false, "4.4.0", true);

    private final String version;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    TransactionalProducerCompatIT(String version) {
        this.version = version;
    }

    @AfterEach
    void closeClients() throws Exception {
        for (AutoCloseable c : closeables) {
            if (c instanceof AsyncKafkaProducer<?, ?> p) {
                p.closeAsync(Duration.ofSeconds(10)).get(30, TimeUnit.SECONDS);
            } else {
                c.close();
            }
        }
        closeables.clear();
    }

    private AsyncKafkaProducer<String, String> producer(String bootstrap, String transactionalId) {
        AsyncKafkaProducer<String, String> p = AsyncKafkaProducer.create(
                ProducerOptions.builder(client(bootstrap))
                        .transactionalId(transactionalId)
                        .maxBlock(Duration.ofSeconds(30))
                        .build(),
                Serializers.string(),
                Serializers.string());
        closeables.add(p);
        return p;
    }

    private static Throwable failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected the future to fail");
    }

    /**
     * Whether the producer speaks TV2, from its internals: {@code core()} is package-private (the
     * core's own tests use it directly), and this module is on the class path, so reflection reaches it.
     */
    private static boolean negotiatedTransactionV2(AsyncKafkaProducer<?, ?> producer) throws Exception {
        java.lang.reflect.Method core = AsyncKafkaProducer.class.getDeclaredMethod("core");
        core.setAccessible(true);
        Object c = core.invoke(producer);
        @SuppressWarnings("unchecked")
        CompletableFuture<Boolean> tv2 = (CompletableFuture<Boolean>)
                c.getClass().getMethod("transactionV2").invoke(c);
        return await(tv2);
    }

    /** The cluster's finalized {@code transaction.version} as kafka-clients' admin reads it, 0 if none. */
    private static int finalizedTransactionVersion(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            FinalizedVersionRange range = admin.describeFeatures()
                    .featureMetadata()
                    .get(30, TimeUnit.SECONDS)
                    .finalizedFeatures()
                    .get("transaction.version");
            return range == null ? 0 : range.maxVersionLevel();
        }
    }

    /** kafka-clients' read_committed view of the topic, by partition, up to the last stable offsets. */
    private static Map<Integer, List<String>> readCommitted(String bootstrap, String topic, int partitions) {
        Map<Integer, List<String>> out = new TreeMap<>();
        try (KafkaConsumer<String, String> c = oracleConsumer(bootstrap, "read_committed")) {
            List<org.apache.kafka.common.TopicPartition> parts = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                parts.add(new org.apache.kafka.common.TopicPartition(topic, p));
                out.put(p, new ArrayList<>());
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<org.apache.kafka.common.TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (end.entrySet().stream()
                    .anyMatch(e -> c.position(e.getKey(), Duration.ofSeconds(30)) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Reading " + topic + " did not reach " + end);
                }
                c.poll(Duration.ofMillis(200))
                        .forEach(r -> out.get(r.partition()).add(r.value()));
            }
        }
        return out;
    }

    /** The group's committed offsets; stable: only once no transactional commit is pending. */
    private static Map<Integer, Long> committedOffsets(String bootstrap, String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<Integer, Long> out = new TreeMap<>();
            admin.listConsumerGroupOffsets(
                            Map.of(group, new ListConsumerGroupOffsetsSpec()),
                            new ListConsumerGroupOffsetsOptions().requireStable(true))
                    .partitionsToOffsetAndMetadata(group)
                    .get(30, TimeUnit.SECONDS)
                    .forEach((tp, om) -> {
                        if (om != null && tp.topic().equals(topic)) {
                            out.put(tp.partition(), om.offset());
                        }
                    });
            return out;
        }
    }

    @Test
    void interleavedCommitsAndAbortsAreSeenExactlyByKafkaClientsReadCommitted() throws Exception {
        String bootstrap = bootstrap(version);
        String topic = "ptxn-interleaved";
        createTopics(bootstrap, 3, topic);
        AsyncKafkaProducer<String, String> producer = producer(bootstrap, "ptxn-interleaved");
        await(producer.initTransactions());

        boolean tv2 = negotiatedTransactionV2(producer);
        assertThat(tv2).as("negotiated path (TV2?)").isEqualTo(finalizedTransactionVersion(bootstrap) >= 2);
        assertThat(EXPECTED_TV2).containsKey(version);
        assertThat(tv2).as("negotiated path (TV2?) of " + version).isEqualTo(EXPECTED_TV2.get(version));

        Map<Integer, List<String>> committed = new TreeMap<>();
        for (int p = 0; p < 3; p++) {
            committed.put(p, new ArrayList<>());
        }
        for (int t = 0; t < 8; t++) {
            boolean commit = t % 2 == 0;
            await(producer.beginTransaction());
            List<CompletableFuture<RecordMetadata>> sends = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int partition = (i + t) % 3;
                String value = "t" + t + "-" + i;
                sends.add(producer.send(new ProducerRecord<>(topic, partition, "k" + i, value)));
                if (commit) {
                    committed.get(partition).add(value);
                }
            }
            if (t % 4 == 1) {
                // In the log before the abort: the abort markers must hide them.
                for (CompletableFuture<RecordMetadata> s : sends) {
                    await(s);
                }
            }
            await(commit ? producer.commitTransaction() : producer.abortTransaction());
        }
        assertThat(readCommitted(bootstrap, topic, 3)).isEqualTo(committed);

        // The coordinator's view of the path. TV2 bumps the epoch at every EndTxn: at least the 4
        // commits and the 2 aborts whose records were in the log (an abort whose records never left
        // the producer may end without EndTxn). The classic path bumps it only after an abort that
        // lost records: at most twice (t = 3 and 7).
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            int epoch = admin.describeTransactions(List.of("ptxn-interleaved"))
                    .description("ptxn-interleaved")
                    .get(30, TimeUnit.SECONDS)
                    .producerEpoch();
            if (tv2) {
                assertThat(epoch).as("coordinator epoch").isGreaterThanOrEqualTo(6);
            } else {
                assertThat(epoch).as("coordinator epoch").isLessThanOrEqualTo(2);
            }
        }

        // Our read_committed consumer agrees.
        int expected = committed.values().stream().mapToInt(List::size).sum();
        try (AsyncKafkaConsumer<String, String> consumer = stringConsumer(consumerOptions(bootstrap)
                .isolationLevel(dev.asynckafka.consumer.IsolationLevel.READ_COMMITTED)
                .build())) {
            consumer.assign(
                    List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1), new TopicPartition(topic, 2)));
            List<ConsumerRecord<String, String>> read = readAtLeast(consumer, expected);
            await(consumer.getMany(Duration.ofMillis(300), 100)).forEach(read::add);
            Map<Integer, List<String>> ours = new TreeMap<>();
            committed.keySet().forEach(p -> ours.put(p, new ArrayList<>()));
            read.forEach(r -> ours.get(r.partition()).add(r.value()));
            assertThat(ours).isEqualTo(committed);
        }
    }

    @Test
    void offsetsSentToATransactionAreCommittedOnlyWithIt() throws Exception {
        String bootstrap = bootstrap(version);
        String in = "ptxn-ctp-in";
        String out = "ptxn-ctp-out";
        String group = "ptxn-ctp-group";
        createTopics(bootstrap, 2, in, out);
        try (var plain = CompatSupport.oracleProducer(bootstrap, Map.of())) {
            for (int i = 0; i < 20; i++) {
                plain.send(new org.apache.kafka.clients.producer.ProducerRecord<>(in, i % 2, "k", "in-" + i));
            }
            plain.flush();
        }
        AsyncKafkaConsumer<String, String> consumer = stringConsumer(consumerOptions(bootstrap)
                .groupId(group)
                .enableAutoCommit(false)
                .build());
        closeables.add(consumer);
        await(consumer.subscribe(List.of(in)));
        List<ConsumerRecord<String, String>> records = readAtLeast(consumer, 20);
        assertThat(records).hasSize(20);
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        Map<Integer, Long> expected = new TreeMap<>();
        for (ConsumerRecord<String, String> r : records) {
            next.put(new TopicPartition(in, r.partition()), new OffsetAndMetadata(r.offset() + 1));
            expected.put(r.partition(), r.offset() + 1);
        }
        GroupMetadata member = await(consumer.groupMetadata());
        assertThat(member.generationId()).isPositive();

        AsyncKafkaProducer<String, String> producer = producer(bootstrap, "ptxn-ctp");
        await(producer.initTransactions());

        await(producer.beginTransaction());
        for (ConsumerRecord<String, String> r : records) {
            producer.send(
                    new ProducerRecord<>(out, r.partition(), r.key(), r.value().toUpperCase()));
        }
        await(producer.sendOffsetsToTransaction(next, member));
        await(producer.commitTransaction());
        assertThat(committedOffsets(bootstrap, group, in))
                .as("after the commit")
                .isEqualTo(expected);

        await(producer.beginTransaction());
        producer.send(new ProducerRecord<>(out, 0, "k", "aborted-output"));
        Map<TopicPartition, OffsetAndMetadata> further = new HashMap<>();
        next.forEach((tp, om) -> further.put(tp, new OffsetAndMetadata(om.offset() + 100)));
        await(producer.sendOffsetsToTransaction(further, member));
        await(producer.abortTransaction());
        assertThat(committedOffsets(bootstrap, group, in)).as("after the abort").isEqualTo(expected);

        List<String> output = new ArrayList<>();
        readCommitted(bootstrap, out, 2).values().forEach(output::addAll);
        assertThat(output).hasSize(20).allMatch(v -> v.startsWith("IN-")).doesNotHaveDuplicates();
    }

    @Test
    void aSecondProducerWithTheSameIdFencesTheFirst() throws Exception {
        String bootstrap = bootstrap(version);
        String topic = "ptxn-fence";
        createTopics(bootstrap, 2, topic);
        AsyncKafkaProducer<String, String> zombie = producer(bootstrap, "ptxn-fence");
        await(zombie.initTransactions());
        await(zombie.beginTransaction());
        for (int i = 0; i < 6; i++) {
            await(zombie.send(new ProducerRecord<>(topic, i % 2, "z", "zombie-" + i)));
        }

        AsyncKafkaProducer<String, String> successor = producer(bootstrap, "ptxn-fence");
        await(successor.initTransactions());

        Throwable commit = failure(zombie.commitTransaction());
        assertThat(commit).isInstanceOf(ProducerFencedException.class);
        assertThat(failure(zombie.beginTransaction())).isSameAs(commit);
        assertThat(failure(zombie.send(new ProducerRecord<>(topic, 0, "z", "late"))))
                .isSameAs(commit);

        await(successor.beginTransaction());
        for (int i = 0; i < 4; i++) {
            successor.send(new ProducerRecord<>(topic, i % 2, "s", "successor-" + i));
        }
        await(successor.commitTransaction());

        List<String> visible = new ArrayList<>();
        readCommitted(bootstrap, topic, 2).values().forEach(visible::addAll);
        assertThat(visible).containsExactlyInAnyOrder("successor-0", "successor-1", "successor-2", "successor-3");
    }
}
