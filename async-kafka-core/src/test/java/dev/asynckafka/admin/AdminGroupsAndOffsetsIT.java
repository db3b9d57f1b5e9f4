package dev.asynckafka.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.OffsetAndMetadata;
import dev.asynckafka.errors.GroupIdNotFoundException;
import dev.asynckafka.errors.GroupNotEmptyException;
import dev.asynckafka.errors.OffsetOutOfRangeException;
import dev.asynckafka.errors.UnknownMemberIdException;
import dev.asynckafka.errors.UnknownTopicOrPartitionException;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Consumer group, offset and record operations against a real broker, checked against
 * kafka-clients' admin on the same cluster. Two live groups (one classic, one of the consumer
 * protocol) run kafka-clients consumers.
 */
@EmbeddedAsyncKafka(
        shared = true,
        brokerProperties = {"group.initial.rebalance.delay.ms=0", "group.min.session.timeout.ms=1000"})
@Timeout(120)
class AdminGroupsAndOffsetsIT {
    private static final String TOPIC = "go-topic";
    private static final int PARTITIONS = 3;
    private static final int RECORDS = 10;

    private static String bootstrap;
    private static AsyncKafkaAdmin admin;
    private static Admin oracle;
    private static KafkaConsumer<String, String> classic;
    private static KafkaConsumer<String, String> modern;

    @BeforeAll
    static void setUp(@BootstrapServers String servers) throws Exception {
        bootstrap = servers;
        admin = AsyncKafkaAdmin.create(AdminOptions.builder(
                        ClientOptions.builder().bootstrapServers(bootstrap).build())
                .defaultApiTimeout(Duration.ofSeconds(30))
                .build());
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        oracle = Admin.create(p);
        oracle.createTopics(List.of(
                        new org.apache.kafka.clients.admin.NewTopic(TOPIC, PARTITIONS, (short) 1),
                        new org.apache.kafka.clients.admin.NewTopic("go-records", 2, (short) 1)))
                .all()
                .get();
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(pp, new StringSerializer(), new StringSerializer())) {
            for (String topic : List.of(TOPIC, "go-records")) {
                for (int partition = 0; partition < (topic.equals(TOPIC) ? PARTITIONS : 2); partition++) {
                    for (int i = 0; i < RECORDS; i++) {
                        // Timestamps 1000, 1010, ... so timestamp lookups have known answers.
                        producer.send(new ProducerRecord<>(topic, partition, 1000L + 10 * i, "k", "v" + i));
                    }
                }
            }
            producer.flush();
        }
        // The test kit finalizes group.version 1 at start (as a 4.x cluster has it): KIP-848's
        // protocol is there for the "consumer" member.
        classic = consumer("go-classic", "classic");
        modern = consumer("go-modern", "consumer");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ((classic.assignment().isEmpty() || modern.assignment().isEmpty()) && System.nanoTime() < deadline) {
            classic.poll(Duration.ofMillis(100));
            modern.poll(Duration.ofMillis(100));
        }
        assertThat(classic.assignment()).hasSize(PARTITIONS);
        assertThat(modern.assignment()).hasSize(PARTITIONS);
        classic.commitSync(Map.of(
                new org.apache.kafka.common.TopicPartition(TOPIC, 0),
                new org.apache.kafka.clients.consumer.OffsetAndMetadata(3, "meta")));
    }

    private static KafkaConsumer<String, String> consumer(String group, String protocol) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, group + "-client");
        KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(TOPIC));
        return consumer;
    }

    @AfterAll
    static void tearDown() throws Exception {
        classic.close();
        modern.close();
        admin.closeAsync(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
        oracle.close();
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
        throw new AssertionError("expected a failure");
    }

    private static TopicPartition tp(String topic, int partition) {
        return new TopicPartition(topic, partition);
    }

    private static org.apache.kafka.common.TopicPartition theirs(TopicPartition tp) {
        return new org.apache.kafka.common.TopicPartition(tp.topic(), tp.partition());
    }

    @Test
    void listsGroupsWithStateAndTypeFiltersAsTheOracleDoes() throws Exception {
        List<GroupListing> all = await(admin.listGroups());
        Map<String, String> types = all.stream().collect(Collectors.toMap(GroupListing::groupId, GroupListing::type));
        assertThat(types).containsEntry("go-classic", "classic").containsEntry("go-modern", "consumer");
        Set<String> expected =
                oracle.listGroups().all().get().stream().map(g -> g.groupId()).collect(Collectors.toSet());
        assertThat(all.stream().map(GroupListing::groupId).collect(Collectors.toSet()))
                .isEqualTo(expected);

        List<GroupListing> consumerOnly = await(admin.listGroups(Set.of(), Set.of("consumer")));
        assertThat(consumerOnly)
                .extracting(GroupListing::groupId)
                .contains("go-modern")
                .doesNotContain("go-classic");
        Set<String> oracleConsumerOnly = oracle
                .listGroups(
                        new org.apache.kafka.clients.admin.ListGroupsOptions().withTypes(Set.of(GroupType.CONSUMER)))
                .all()
                .get()
                .stream()
                .map(g -> g.groupId())
                .collect(Collectors.toSet());
        assertThat(consumerOnly.stream().map(GroupListing::groupId).collect(Collectors.toSet()))
                .isEqualTo(oracleConsumerOnly);

        assertThat(await(admin.listGroups(Set.of("Stable"), Set.of())))
                .extracting(GroupListing::groupId)
                .contains("go-classic", "go-modern");
        assertThat(await(admin.listGroups(Set.of("Dead"), Set.of()))).isEmpty();
    }

    @Test
    void describesClassicAndConsumerProtocolGroupsAsTheOracleDoes() throws Exception {
        AdminResult<String, ConsumerGroupDescription> result =
                admin.describeConsumerGroups(List.of("go-classic", "go-modern", "go-nobody"));
        var expected = oracle.describeConsumerGroups(List.of("go-classic", "go-modern"))
                .all()
                .get();
        for (String group : List.of("go-classic", "go-modern")) {
            ConsumerGroupDescription d = await(result.value(group));
            var e = expected.get(group);
            assertThat(d.state()).isEqualToIgnoringCase(e.groupState().toString());
            assertThat(d.type()).isEqualToIgnoringCase(e.type().toString());
            assertThat(d.assignor()).isEqualTo(e.partitionAssignor());
            assertThat(d.members()).hasSameSizeAs(e.members()).hasSize(1);
            Map<String, Set<String>> ours = new HashMap<>();
            d.members()
                    .forEach(m -> ours.put(
                            m.memberId(),
                            m.assignment().stream()
                                    .map(TopicPartition::toString)
                                    .collect(Collectors.toSet())));
            Map<String, Set<String>> theirs = new HashMap<>();
            e.members()
                    .forEach(m -> theirs.put(
                            m.consumerId(),
                            m.assignment().topicPartitions().stream()
                                    .map(tp -> new TopicPartition(tp.topic(), tp.partition()).toString())
                                    .collect(Collectors.toSet())));
            assertThat(ours).isEqualTo(theirs);
            assertThat(d.members().get(0).clientId()).isEqualTo(group + "-client");
            assertThat(d.members().get(0).assignment()).hasSize(PARTITIONS);
        }
        assertThat(await(result.value("go-classic")).type()).isEqualTo("classic");
        assertThat(await(result.value("go-modern")).type()).isEqualTo("consumer");
        // Brokers from Kafka 4.0 (DescribeGroups v6) report an unknown group as an error.
        assertThat(failure(result.value("go-nobody")))
                .isInstanceOf(GroupIdNotFoundException.class)
                .hasMessageContaining("go-nobody");
        try {
            oracle.describeConsumerGroups(List.of("go-nobody")).all().get();
            throw new AssertionError("the oracle described a group that does not exist");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(org.apache.kafka.common.errors.GroupIdNotFoundException.class);
        }
    }

    @Test
    void listsCommittedOffsetsOfSeveralGroupsAsTheOracleDoes() throws Exception {
        AdminResult<String, Map<TopicPartition, OffsetAndMetadata>> result =
                admin.listConsumerGroupOffsets(List.of("go-classic", "go-modern", "go-nobody"));
        Map<TopicPartition, OffsetAndMetadata> offsets = await(result.value("go-classic"));
        var expected = oracle.listConsumerGroupOffsets("go-classic")
                .partitionsToOffsetAndMetadata()
                .get();
        assertThat(offsets).hasSize(expected.size()).hasSize(1);
        OffsetAndMetadata o = offsets.get(tp(TOPIC, 0));
        assertThat(o.offset())
                .isEqualTo(expected.get(theirs(tp(TOPIC, 0))).offset())
                .isEqualTo(3);
        assertThat(o.metadata()).isEqualTo("meta");
        assertThat(await(result.value("go-modern"))).isEmpty();
        assertThat(await(result.value("go-nobody"))).isEmpty();
    }

    @Test
    void altersDeletesAndMeasuresTheLagOfAnIdleGroup() throws Exception {
        String group = "go-idle";
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            commits.put(tp(TOPIC, p), new OffsetAndMetadata(4 + p, -1, ""));
        }
        commits.put(tp("go-no-topic", 0), new OffsetAndMetadata(1, -1, ""));
        AdminResult<TopicPartition, Void> altered = admin.alterConsumerGroupOffsets(group, commits);
        for (int p = 0; p < PARTITIONS; p++) {
            await(altered.value(tp(TOPIC, p)));
        }
        assertThat(failure(altered.value(tp("go-no-topic", 0)))).isInstanceOf(UnknownTopicOrPartitionException.class);
        var committed = oracle.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
        assertThat(committed.get(theirs(tp(TOPIC, 2))).offset()).isEqualTo(6);

        Map<TopicPartition, PartitionLag> lag = await(admin.consumerGroupLag(group));
        assertThat(lag).hasSize(PARTITIONS);
        for (int p = 0; p < PARTITIONS; p++) {
            long end = oracle.listOffsets(
                            Map.of(theirs(tp(TOPIC, p)), org.apache.kafka.clients.admin.OffsetSpec.latest()))
                    .all()
                    .get()
                    .get(theirs(tp(TOPIC, p)))
                    .offset();
            assertThat(lag.get(tp(TOPIC, p))).isEqualTo(new PartitionLag(4 + p, end));
            assertThat(lag.get(tp(TOPIC, p)).lag()).isEqualTo(RECORDS - 4 - p);
        }

        // An active group refuses offsets from outside it.
        assertThat(failure(admin.alterConsumerGroupOffsets(
                                "go-classic", Map.of(tp(TOPIC, 0), new OffsetAndMetadata(1, -1, "")))
                        .value(tp(TOPIC, 0))))
                .isInstanceOf(UnknownMemberIdException.class);

        AdminResult<TopicPartition, Void> deleted =
                admin.deleteConsumerGroupOffsets(group, List.of(tp(TOPIC, 0), tp(TOPIC, 1)));
        await(deleted.all());
        assertThat(oracle.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata()
                        .get()
                        .keySet())
                .containsExactly(theirs(tp(TOPIC, 2)));
        assertThat(failure(admin.deleteConsumerGroupOffsets("go-nobody-2", List.of(tp(TOPIC, 0)))
                        .value(tp(TOPIC, 0))))
                .isInstanceOf(GroupIdNotFoundException.class);

        AdminResult<String, Void> groups = admin.deleteConsumerGroups(List.of(group, "go-classic", "go-nobody-3"));
        await(groups.value(group));
        assertThat(failure(groups.value("go-classic"))).isInstanceOf(GroupNotEmptyException.class);
        assertThat(failure(groups.value("go-nobody-3"))).isInstanceOf(GroupIdNotFoundException.class);
        assertThat(oracle.listGroups().all().get().stream().map(g -> g.groupId()))
                .doesNotContain(group)
                .contains("go-classic");
    }

    @Test
    void listsOffsetsAsTheOracleDoes() throws Exception {
        Map<TopicPartition, OffsetSpec> specs = Map.of(
                tp(TOPIC, 0), OffsetSpec.earliest(),
                tp(TOPIC, 1), OffsetSpec.latest(),
                tp(TOPIC, 2), OffsetSpec.forTimestamp(1045),
                tp("go-records", 1), OffsetSpec.maxTimestamp(),
                tp("go-records", 7), OffsetSpec.latest(),
                tp("go-missing", 0), OffsetSpec.latest());
        AdminResult<TopicPartition, ListedOffset> result = admin.listOffsets(specs);
        assertThat(failure(result.value(tp("go-missing", 0)))).isInstanceOf(UnknownTopicOrPartitionException.class);
        assertThat(failure(result.value(tp("go-records", 7)))).isInstanceOf(UnknownTopicOrPartitionException.class);

        Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> theirSpecs = Map.of(
                theirs(tp(TOPIC, 0)), org.apache.kafka.clients.admin.OffsetSpec.earliest(),
                theirs(tp(TOPIC, 1)), org.apache.kafka.clients.admin.OffsetSpec.latest(),
                theirs(tp(TOPIC, 2)), org.apache.kafka.clients.admin.OffsetSpec.forTimestamp(1045),
                theirs(tp("go-records", 1)), org.apache.kafka.clients.admin.OffsetSpec.maxTimestamp());
        var expected = oracle.listOffsets(theirSpecs).all().get();
        for (var e : expected.entrySet()) {
            ListedOffset mine = await(result.value(
                    new TopicPartition(e.getKey().topic(), e.getKey().partition())));
            assertThat(mine.offset())
                    .as(e.getKey().toString())
                    .isEqualTo(e.getValue().offset());
            assertThat(mine.timestamp())
                    .as(e.getKey().toString())
                    .isEqualTo(e.getValue().timestamp());
        }
        assertThat(await(result.value(tp(TOPIC, 0))).offset()).isZero();
        assertThat(await(result.value(tp(TOPIC, 1))).offset()).isEqualTo(RECORDS);
        assertThat(await(result.value(tp(TOPIC, 2))).offset()).isEqualTo(5);
        assertThat(await(result.value(tp("go-records", 1))).offset()).isEqualTo(RECORDS - 1);
    }

    @Test
    void deletesRecordsPerPartition() throws Exception {
        AdminResult<TopicPartition, Long> result = admin.deleteRecords(Map.of(
                tp("go-records", 0), 5L,
                tp("go-records", 1), 100L));
        assertThat(await(result.value(tp("go-records", 0)))).isEqualTo(5);
        assertThat(failure(result.value(tp("go-records", 1)))).isInstanceOf(OffsetOutOfRangeException.class);
        long earliest = oracle.listOffsets(
                        Map.of(theirs(tp("go-records", 0)), org.apache.kafka.clients.admin.OffsetSpec.earliest()))
                .all()
                .get()
                .get(theirs(tp("go-records", 0)))
                .offset();
        assertThat(earliest).isEqualTo(5);
    }
}
