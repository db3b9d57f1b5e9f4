package dev.asynckafka.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.consumer.AutoOffsetReset;
import dev.asynckafka.consumer.ConsumerOptions;
import dev.asynckafka.consumer.ConsumerRecord;
import dev.asynckafka.consumer.ConsumerRecords;
import dev.asynckafka.consumer.GroupMetadata;
import dev.asynckafka.consumer.IsolationLevel;
import dev.asynckafka.consumer.OffsetAndMetadata;
import dev.asynckafka.errors.IllegalGenerationException;
import dev.asynckafka.errors.ProducerFencedException;
import dev.asynckafka.serialization.Deserializers;
import dev.asynckafka.serialization.Serializers;
import dev.asynckafka.test.EmbeddedKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The transactional producer against real brokers, once with {@code transaction.version=1} (the
 * classic protocol: AddPartitionsToTxn, AddOffsetsToTxn) and once with {@code
 * transaction.version=2} (KIP-890: implicit partitions, epoch bumped at every EndTxn), both on the
 * same broker version. kafka-clients' read_committed consumer and Admin are the oracle.
 */
@Timeout(180)
class TransactionalProducerIT {
    private static EmbeddedKafkaCluster classic;
    private static EmbeddedKafkaCluster tv2;

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeAll
    static void startClusters() {
        classic = EmbeddedKafkaCluster.builder().transactionVersion(1).start();
        tv2 = EmbeddedKafkaCluster.builder().transactionVersion(2).start();
    }

    @AfterAll
    static void stopClusters() {
        if (classic != null) {
            classic.close();
        }
        if (tv2 != null) {
            tv2.close();
        }
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

    private static EmbeddedKafkaCluster cluster(int tv) {
        return tv == 2 ? tv2 : classic;
    }

    private AsyncKafkaProducer<String, String> producer(
            int tv, String transactionalId, UnaryOperator<ProducerOptions.Builder> tweak) {
        ProducerOptions options = tweak.apply(ProducerOptions.builder(ClientOptions.builder()
                                .bootstrapServers(cluster(tv).bootstrapServers())
                                .build())
                        .transactionalId(transactionalId)
                        .maxBlock(Duration.ofSeconds(30)))
                .build();
        AsyncKafkaProducer<String, String> p =
                AsyncKafkaProducer.create(options, Serializers.string(), Serializers.string());
        closeables.add(p);
        return p;
    }

    private AsyncKafkaConsumer<String, String> consumer(int tv, UnaryOperator<ConsumerOptions.Builder> tweak) {
        ConsumerOptions options = tweak.apply(ConsumerOptions.builder(ClientOptions.builder()
                                .bootstrapServers(cluster(tv).bootstrapServers())
                                .build())
                        .autoOffsetReset(AutoOffsetReset.EARLIEST)
                        .isolationLevel(IsolationLevel.READ_COMMITTED))
                .build();
        AsyncKafkaConsumer<String, String> c =
                AsyncKafkaConsumer.create(options, Deserializers.string(), Deserializers.string());
        closeables.add(c);
        return c;
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected the future to fail");
    }

    /** Every record of the topic as kafka-clients reads it at the isolation level, by partition. */
    private static Map<Integer, List<String>> readWithKafkaClients(String bootstrap, String topic, String isolation) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        Map<Integer, List<String>> out = new TreeMap<>();
        try (KafkaConsumer<String, String> c =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> parts = new ArrayList<>();
            c.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> parts.add(new org.apache.kafka.common.TopicPartition(topic, p.partition())));
            c.assign(parts);
            c.seekToBeginning(parts);
            // With read_committed these are the last stable offsets. A commit or abort is answered
            // before the coordinator writes its markers, so wait until no transaction holds them
            // below the high watermarks: every test reads after its transactions ended.
            Map<org.apache.kafka.common.TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(30));
            if (isolation.equals("read_committed")) {
                Map<String, Object> uncommitted = new HashMap<>(config);
                uncommitted.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
                try (KafkaConsumer<String, String> hw =
                        new KafkaConsumer<>(uncommitted, new StringDeserializer(), new StringDeserializer())) {
                    long stableBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    Map<org.apache.kafka.common.TopicPartition, Long> high;
                    while (!end.equals(high = hw.endOffsets(parts, Duration.ofSeconds(30)))) {
                        if (System.nanoTime() > stableBy) {
                            throw new AssertionError("An open transaction holds the last stable offsets of " + topic
                                    + " at " + end + ", high watermarks " + high);
                        }
                        end = c.endOffsets(parts, Duration.ofSeconds(30));
                    }
                }
            }
            parts.forEach(p -> out.put(p.partition(), new ArrayList<>()));
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

    /** Our read_committed consumer's view of the partitions, by partition. */
    private Map<Integer, List<String>> readWithOurs(int tv, String topic, int partitions, int expected)
            throws Exception {
        AsyncKafkaConsumer<String, String> c = consumer(tv, b -> b);
        List<TopicPartition> parts = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            parts.add(new TopicPartition(topic, p));
        }
        c.assign(parts);
        Map<Integer, List<String>> out = new TreeMap<>();
        parts.forEach(p -> out.put(p.partition(), new ArrayList<>()));
        int got = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (got < expected && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : await(c.getMany(Duration.ofMillis(500), 500))) {
                out.get(r.partition()).add(r.value());
                got++;
            }
        }
        // Nothing beyond what was expected.
        for (ConsumerRecord<String, String> r : await(c.getMany(Duration.ofMillis(300), 500))) {
            out.get(r.partition()).add(r.value());
        }
        return out;
    }

    /**
     * The group's committed offsets of the topic's partitions. {@code stable}: the broker answers
     * only once no transactional offset commit of these partitions is pending (the markers of a just
     * ended transaction are written after EndTxn returned), so the answer includes the outcome of
     * every ended transaction.
     */
    private static Map<org.apache.kafka.common.TopicPartition, Long> committedOffsets(
            String bootstrap, String group, String topic, boolean stable) throws Exception {
        List<org.apache.kafka.common.TopicPartition> parts = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            parts.add(new org.apache.kafka.common.TopicPartition(topic, p));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<org.apache.kafka.common.TopicPartition, Long> out =
                    new TreeMap<>(java.util.Comparator.comparing(org.apache.kafka.common.TopicPartition::toString));
            admin.listConsumerGroupOffsets(
                            Map.of(
                                    group,
                                    new org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec()
                                            .topicPartitions(parts)),
                            new org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions().requireStable(stable))
                    .partitionsToOffsetAndMetadata(group)
                    .get(30, TimeUnit.SECONDS)
                    .forEach((tp, om) -> {
                        if (om != null) {
                            out.put(tp, om.offset());
                        }
                    });
            return out;
        }
    }

    @ParameterizedTest(name = "transaction.version={0}")
    @ValueSource(ints = {1, 2})
    void interleavedCommitsAndAbortsAreSeenExactlyByReadCommittedConsumers(int tv) throws Exception {
        String topic = "interop-tv" + tv;
        cluster(tv).createTopic(topic, 3, (short) 1);
        AsyncKafkaProducer<String, String> producer = producer(tv, "interop-" + tv, b -> b);
        await(producer.initTransactions());
        assertThat(await(producer.core().transactionV2()))
                .as("negotiated protocol")
                .isEqualTo(tv == 2);

        Map<Integer, List<String>> committed = new TreeMap<>();
        List<String> abortedAndWritten = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            committed.put(p, new ArrayList<>());
        }
        for (int t = 0; t < 8; t++) {
            await(producer.beginTransaction());
            boolean commit = t % 2 == 0;
            List<CompletableFuture<RecordMetadata>> sends = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                int partition = (i + t) % 3;
                String value = "t" + t + "-" + i;
                sends.add(producer.send(new ProducerRecord<>(topic, partition, "k" + i, value)));
                if (commit) {
                    committed.get(partition).add(value);
                }
            }
            if (commit) {
                await(producer.commitTransaction());
                for (CompletableFuture<RecordMetadata> s : sends) {
                    assertThat(s).isCompleted();
                    assertThat(s.isCompletedExceptionally()).isFalse();
                }
            } else {
                if (t % 4 == 1) {
                    // Written to the log before the abort: its markers must hide them.
                    for (CompletableFuture<RecordMetadata> s : sends) {
                        await(s);
                    }
                    for (int i = 0; i < 30; i++) {
                        abortedAndWritten.add("t" + t + "-" + i);
                    }
                }
                await(producer.abortTransaction());
                for (CompletableFuture<RecordMetadata> s : sends) {
                    assertThat(s).isDone();
                }
            }
        }
        int expected = committed.values().stream().mapToInt(List::size).sum();

        String bootstrap = cluster(tv).bootstrapServers();
        assertThat(readWithKafkaClients(bootstrap, topic, "read_committed"))
                .as("kafka-clients read_committed")
                .isEqualTo(committed);
        List<String> uncommitted = new ArrayList<>();
        readWithKafkaClients(bootstrap, topic, "read_uncommitted").values().forEach(uncommitted::addAll);
        assertThat(uncommitted).as("aborted records are in the log").containsAll(abortedAndWritten);
        assertThat(readWithOurs(tv, topic, 3, expected))
                .as("our read_committed")
                .isEqualTo(committed);
    }

    @ParameterizedTest(name = "transaction.version={0}")
    @ValueSource(ints = {1, 2})
    void aSecondProducerWithTheSameIdFencesTheFirst(int tv) throws Exception {
        String topic = "fence-tv" + tv;
        cluster(tv).createTopic(topic, 3, (short) 1);
        String id = "fence-" + tv;
        AsyncKafkaProducer<String, String> zombie = producer(tv, id, b -> b);
        await(zombie.initTransactions());
        await(zombie.beginTransaction());
        for (int i = 0; i < 10; i++) {
            await(zombie.send(new ProducerRecord<>(topic, i % 3, "z", "zombie-" + i)));
        }

        AsyncKafkaProducer<String, String> successor = producer(tv, id, b -> b);
        await(successor.initTransactions());

        Throwable commit = failure(zombie.commitTransaction());
        assertThat(commit).isInstanceOf(ProducerFencedException.class);
        assertThat(failure(zombie.beginTransaction())).isSameAs(commit);
        assertThat(failure(zombie.abortTransaction())).isSameAs(commit);
        assertThat(failure(zombie.send(new ProducerRecord<>(topic, 0, "z", "late"))))
                .isSameAs(commit);

        await(successor.beginTransaction());
        for (int i = 0; i < 5; i++) {
            successor.send(new ProducerRecord<>(topic, i % 3, "s", "successor-" + i));
        }
        await(successor.commitTransaction());

        List<String> visible = new ArrayList<>();
        readWithKafkaClients(cluster(tv).bootstrapServers(), topic, "read_committed")
                .values()
                .forEach(visible::addAll);
        assertThat(visible)
                .containsExactlyInAnyOrder("successor-0", "successor-1", "successor-2", "successor-3", "successor-4");
    }

    @ParameterizedTest(name = "transaction.version={0}")
    @ValueSource(ints = {1, 2})
    void offsetsSentToTheTransactionAreCommittedOnlyWithIt(int tv) throws Exception {
        String in = "ctp-in-tv" + tv;
        String out = "ctp-out-tv" + tv;
        String group = "ctp-group-tv" + tv;
        EmbeddedKafkaCluster cluster = cluster(tv);
        cluster.createTopic(in, 3, (short) 1);
        cluster.createTopic(out, 3, (short) 1);
        String bootstrap = cluster.bootstrapServers();
        AsyncKafkaProducer<String, String> plain = AsyncKafkaProducer.create(
                ProducerOptions.of(
                        ClientOptions.builder().bootstrapServers(bootstrap).build()),
                Serializers.string(),
                Serializers.string());
        closeables.add(plain);
        for (int i = 0; i < 30; i++) {
            plain.send(new ProducerRecord<>(in, i % 3, "k", "in-" + i));
        }
        await(plain.flush());

        AsyncKafkaConsumer<String, String> consumer =
                consumer(tv, b -> b.groupId(group).enableAutoCommit(false));
        await(consumer.subscribe(List.of(in)));
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (records.size() < 30 && System.nanoTime() < deadline) {
            ConsumerRecords<String, String> batch = await(consumer.getMany(Duration.ofMillis(500), 500));
            batch.forEach(records::add);
        }
        assertThat(records).hasSize(30);
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        Map<org.apache.kafka.common.TopicPartition, Long> expectedCommitted =
                new TreeMap<>(java.util.Comparator.comparing(org.apache.kafka.common.TopicPartition::toString));
        for (ConsumerRecord<String, String> r : records) {
            next.put(new TopicPartition(in, r.partition()), new OffsetAndMetadata(r.offset() + 1));
            expectedCommitted.put(new org.apache.kafka.common.TopicPartition(in, r.partition()), r.offset() + 1);
        }
        GroupMetadata member = await(consumer.groupMetadata());
        assertThat(member.generationId()).isPositive();

        AsyncKafkaProducer<String, String> producer = producer(tv, "ctp-" + tv, b -> b);
        await(producer.initTransactions());

        // Committed: the outputs and the offsets become visible together.
        await(producer.beginTransaction());
        for (ConsumerRecord<String, String> r : records) {
            producer.send(
                    new ProducerRecord<>(out, r.partition(), r.key(), r.value().toUpperCase()));
        }
        await(producer.sendOffsetsToTransaction(next, member));
        assertThat(committedOffsets(bootstrap, group, in, false))
                .as("before the commit")
                .isEmpty();
        await(producer.commitTransaction());
        assertThat(committedOffsets(bootstrap, group, in, true))
                .as("after the commit")
                .isEqualTo(expectedCommitted);

        // Aborted: the group's offsets stay where they were.
        await(producer.beginTransaction());
        producer.send(new ProducerRecord<>(out, 0, "k", "aborted-output"));
        Map<TopicPartition, OffsetAndMetadata> further = new HashMap<>();
        next.forEach((tp, om) -> further.put(tp, new OffsetAndMetadata(om.offset() + 100)));
        await(producer.sendOffsetsToTransaction(further, member));
        await(producer.abortTransaction());
        assertThat(committedOffsets(bootstrap, group, in, true))
                .as("after the abort")
                .isEqualTo(expectedCommitted);

        // A stale generation: a second member joined, so the first's metadata is from the old one.
        AsyncKafkaConsumer<String, String> second =
                consumer(tv, b -> b.groupId(group).enableAutoCommit(false));
        await(second.subscribe(List.of(in)));
        long rebalanceDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (await(consumer.groupMetadata()).generationId() == member.generationId()
                && System.nanoTime() < rebalanceDeadline) {
            await(consumer.getMany(Duration.ofMillis(200), 10));
            await(second.getMany(Duration.ofMillis(200), 10));
        }
        assertThat(await(consumer.groupMetadata()).generationId()).isGreaterThan(member.generationId());
        await(producer.beginTransaction());
        producer.send(new ProducerRecord<>(out, 1, "k", "stale-output"));
        Throwable stale = failure(producer.sendOffsetsToTransaction(further, member));
        assertThat(stale).isInstanceOf(IllegalGenerationException.class);
        Throwable commit = failure(producer.commitTransaction());
        assertThat(commit).hasMessageContaining("can only be aborted").hasCause(stale);
        await(producer.abortTransaction());
        assertThat(committedOffsets(bootstrap, group, in, true))
                .as("after the stale attempt")
                .isEqualTo(expectedCommitted);

        List<String> output = new ArrayList<>();
        readWithKafkaClients(bootstrap, out, "read_committed").values().forEach(output::addAll);
        assertThat(output).hasSize(30).allMatch(v -> v.startsWith("IN-")).doesNotHaveDuplicates();
    }

    @org.junit.jupiter.api.Test
    void callsOutOfOrderFailClearlyAndLeaveTheProducerUsable() throws Exception {
        int tv = 2;
        String topic = "misuse";
        cluster(tv).createTopic(topic, 1, (short) 1);
        AsyncKafkaProducer<String, String> producer = producer(tv, "misuse", b -> b);
        assertThat(failure(producer.beginTransaction()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("initTransactions()");
        await(producer.initTransactions());
        assertThat(failure(producer.initTransactions()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already called");
        assertThat(failure(producer.send(new ProducerRecord<>(topic, 0, "k", "outside"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("beginTransaction()");
        assertThat(failure(producer.commitTransaction())).isInstanceOf(IllegalStateException.class);
        assertThat(failure(producer.abortTransaction())).isInstanceOf(IllegalStateException.class);
        await(producer.beginTransaction());
        assertThat(failure(producer.beginTransaction()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already open");
        await(producer.send(new ProducerRecord<>(topic, 0, "k", "inside")));
        await(producer.commitTransaction());
        // An empty transaction commits without a round trip.
        await(producer.beginTransaction());
        await(producer.commitTransaction());

        AsyncKafkaProducer<String, String> plain = AsyncKafkaProducer.create(
                ProducerOptions.of(ClientOptions.builder()
                        .bootstrapServers(cluster(tv).bootstrapServers())
                        .build()),
                Serializers.string(),
                Serializers.string());
        closeables.add(plain);
        assertThat(failure(plain.initTransactions()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("transactional.id");

        List<String> visible = new ArrayList<>();
        readWithKafkaClients(cluster(tv).bootstrapServers(), topic, "read_committed")
                .values()
                .forEach(visible::addAll);
        assertThat(visible).containsExactly("inside");
    }

    @org.junit.jupiter.api.Test
    void callsTakeEffectInTheOrderTheyAreMadeWithoutWaiting() throws Exception {
        int tv = 2;
        String topic = "call-order";
        cluster(tv).createTopic(topic, 1, (short) 1);
        AsyncKafkaProducer<String, String> producer = producer(tv, "call-order", b -> b);
        await(producer.initTransactions());
        // Nothing awaited in between: each record belongs where the calls around it put it, even
        // while records handed over earlier have not reached the producer's loop yet.
        CompletableFuture<?> outside = producer.send(new ProducerRecord<>(topic, 0, "k", "outside"));
        CompletableFuture<Void> begun = producer.beginTransaction();
        CompletableFuture<?> inside = producer.send(new ProducerRecord<>(topic, 0, "k", "inside"));
        CompletableFuture<Void> committed = producer.commitTransaction();
        CompletableFuture<?> after = producer.send(new ProducerRecord<>(topic, 0, "k", "after-commit"));
        assertThat(failure(outside)).isInstanceOf(IllegalStateException.class);
        await(begun);
        await(inside);
        await(committed);
        assertThat(failure(after))
                .as("sent after commitTransaction(), before another beginTransaction()")
                .isInstanceOf(IllegalStateException.class);
        List<String> visible = new ArrayList<>();
        readWithKafkaClients(cluster(tv).bootstrapServers(), topic, "read_committed")
                .values()
                .forEach(visible::addAll);
        assertThat(visible).containsExactly("inside");
    }

    @org.junit.jupiter.api.Test
    void closeAbortsAnOpenTransaction() throws Exception {
        int tv = 1;
        String topic = "close-aborts";
        cluster(tv).createTopic(topic, 1, (short) 1);
        AsyncKafkaProducer<String, String> producer = producer(tv, "close-aborts", b -> b);
        await(producer.initTransactions());
        await(producer.beginTransaction());
        await(producer.send(new ProducerRecord<>(topic, 0, "k", "open-at-close")));
        await(producer.closeAsync(Duration.ofSeconds(10)));
        // Without the abort the transaction would stay open (for transaction.timeout.ms) and hold
        // back the last stable offset: a read_committed reader would not even reach the record.
        Map<Integer, List<String>> committed =
                readWithKafkaClients(cluster(tv).bootstrapServers(), topic, "read_committed");
        assertThat(committed.get(0)).isEmpty();
        List<String> all = new ArrayList<>();
        readWithKafkaClients(cluster(tv).bootstrapServers(), topic, "read_uncommitted")
                .values()
                .forEach(all::addAll);
        assertThat(all).containsExactly("open-at-close");
        try (Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster(tv).bootstrapServers()))) {
            var tp = new org.apache.kafka.common.TopicPartition(topic, 0);
            long lso = admin.listOffsets(
                            Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()),
                            new org.apache.kafka.clients.admin.ListOffsetsOptions(
                                    org.apache.kafka.common.IsolationLevel.READ_COMMITTED))
                    .partitionResult(tp)
                    .get(30, TimeUnit.SECONDS)
                    .offset();
            // The data record and the abort marker are below the last stable offset.
            assertThat(lso).isEqualTo(2);
        }
    }

    @org.junit.jupiter.api.Test
    void cancellingTheCommitFutureDoesNotCancelTheCommit() throws Exception {
        int tv = 2;
        String topic = "cancelled-commit";
        cluster(tv).createTopic(topic, 1, (short) 1);
        AsyncKafkaProducer<String, String> producer = producer(tv, "cancelled-commit", b -> b);
        await(producer.initTransactions());
        await(producer.beginTransaction());
        producer.send(new ProducerRecord<>(topic, 0, "k", "committed-anyway"));
        assertThat(producer.commitTransaction().cancel(true)).isTrue();
        // The commit goes on: the next transaction can begin once it is done.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                await(producer.beginTransaction());
                break;
            } catch (ExecutionException e) {
                assertThat(e.getCause()).hasMessageContaining("being committed");
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(10);
            }
        }
        await(producer.abortTransaction());
        assertThat(readWithKafkaClients(cluster(tv).bootstrapServers(), topic, "read_committed")
                        .get(0))
                .containsExactly("committed-anyway");
    }

    @ParameterizedTest(name = "transaction.version={0}")
    @ValueSource(ints = {1, 2})
    void aFailedRecordMakesTheTransactionAbortableAndTheNextOneWorks(int tv) throws Exception {
        String topic = "abortable-tv" + tv;
        String bootstrap = cluster(tv).bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 1, (short) 1)
                            .configs(Map.of("max.message.bytes", "2000"))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        AsyncKafkaProducer<String, String> producer = producer(tv, "abortable-" + tv, b -> b);
        await(producer.initTransactions());
        await(producer.beginTransaction());
        await(producer.send(new ProducerRecord<>(topic, 0, "k", "small-aborted")));
        // Larger than the topic allows: the broker refuses it, so the transaction cannot commit.
        Throwable tooLarge = failure(producer.send(new ProducerRecord<>(topic, 0, "k", "x".repeat(5000))));
        assertThat(tooLarge).isInstanceOf(dev.asynckafka.errors.KafkaException.class);
        Throwable commit = failure(producer.commitTransaction());
        assertThat(commit).hasMessageContaining("can only be aborted").hasCause(tooLarge);
        assertThat(failure(producer.send(new ProducerRecord<>(topic, 0, "k", "refused"))))
                .hasMessageContaining("can only be aborted");
        await(producer.abortTransaction());

        // The partition's sequences restart under a new epoch; the next transaction commits.
        await(producer.beginTransaction());
        for (int i = 0; i < 5; i++) {
            producer.send(new ProducerRecord<>(topic, 0, "k", "next-" + i));
        }
        await(producer.commitTransaction());
        assertThat(readWithKafkaClients(bootstrap, topic, "read_committed").get(0))
                .containsExactly("next-0", "next-1", "next-2", "next-3", "next-4");
    }
}
