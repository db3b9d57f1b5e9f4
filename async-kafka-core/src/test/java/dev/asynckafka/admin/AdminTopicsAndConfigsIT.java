package dev.asynckafka.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.errors.InvalidConfigurationException;
import dev.asynckafka.errors.InvalidPartitionsException;
import dev.asynckafka.errors.InvalidReplicationFactorException;
import dev.asynckafka.errors.TopicExistsException;
import dev.asynckafka.errors.UnknownTopicOrPartitionException;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Topic and config operations with per-item results against a real broker, checked against
 * kafka-clients' admin on the same cluster.
 */
@EmbeddedAsyncKafka
@Timeout(90)
class AdminTopicsAndConfigsIT {
    private static AsyncKafkaAdmin admin;
    private static Admin oracle;

    @BeforeAll
    static void setUp(@BootstrapServers String bootstrap) {
        admin = AsyncKafkaAdmin.create(AdminOptions.builder(
                        ClientOptions.builder().bootstrapServers(bootstrap).build())
                .defaultApiTimeout(Duration.ofSeconds(30))
                .build());
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        oracle = Admin.create(p);
    }

    @AfterAll
    static void tearDown() throws Exception {
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

    private static void create(String... names) throws Exception {
        // Created with the client under test, which waits until the broker knows the topics: the
        // oracle's own creation returns before that, and an immediate describe may not see them.
        for (String n : names) {
            await(admin.createTopic(new NewTopic(n, 2, (short) 1)));
        }
    }

    @Test
    void createsPartitionsPerTopicAndOneFailureLeavesTheOthers() throws Exception {
        create("cp-grow", "cp-shrink");
        AdminResult<String, Void> result =
                admin.createPartitions(Map.of("cp-grow", 5, "cp-shrink", 1, "cp-missing", 3));

        await(result.value("cp-grow"));
        assertThat(failure(result.value("cp-shrink"))).isInstanceOf(InvalidPartitionsException.class);
        assertThat(failure(result.value("cp-missing")))
                .isInstanceOf(UnknownTopicOrPartitionException.class)
                .hasMessageContaining("cp-missing");
        assertThat(failure(result.all()))
                .isInstanceOfAny(InvalidPartitionsException.class, UnknownTopicOrPartitionException.class);

        TopicDescription grown = oracle.describeTopics(List.of("cp-grow", "cp-shrink"))
                .allTopicNames()
                .get()
                .get("cp-grow");
        assertThat(grown.partitions()).hasSize(5);
        assertThat(oracle.describeTopics(List.of("cp-shrink"))
                        .allTopicNames()
                        .get()
                        .get("cp-shrink")
                        .partitions())
                .hasSize(2);
    }

    @Test
    void validateOnlyPartitionsChangeNothing() throws Exception {
        create("cp-validate");
        await(admin.createPartitions(Map.of("cp-validate", 4), true).all());
        assertThat(oracle.describeTopics(List.of("cp-validate"))
                        .allTopicNames()
                        .get()
                        .get("cp-validate")
                        .partitions())
                .hasSize(2);
    }

    @Test
    void createTopicsGivesEachTopicItsOwnResult() throws Exception {
        create("ct-exists");
        AdminResult<String, Void> result = admin.createTopicsEach(
                List.of(
                        new NewTopic("ct-exists", 1, (short) 1),
                        new NewTopic("ct-new", 3, (short) 1),
                        new NewTopic("ct-bad-replication", 1, (short) 5)),
                false);

        await(result.value("ct-new"));
        assertThat(failure(result.value("ct-exists"))).isInstanceOf(TopicExistsException.class);
        assertThat(failure(result.value("ct-bad-replication"))).isInstanceOf(InvalidReplicationFactorException.class);
        // The new topic is usable at once: every partition has a leader.
        assertThat(oracle.describeTopics(List.of("ct-new"))
                        .allTopicNames()
                        .get()
                        .get("ct-new")
                        .partitions())
                .hasSize(3)
                .allSatisfy(p -> assertThat(p.leader()).isNotNull());
        Throwable all = failure(result.all());
        // The first failed item in item order, the same instance its own future fails with, left unchanged.
        assertThat(all).isSameAs(failure(result.value("ct-exists")));
        assertThat(all.getSuppressed()).isEmpty();
    }

    @Test
    void validateOnlyCreationChecksWithoutCreating() throws Exception {
        create("ct-validate-exists");
        AdminResult<String, Void> result = admin.createTopicsEach(
                List.of(
                        new NewTopic("ct-validate", 2, (short) 1),
                        new NewTopic("ct-validate-exists", 1, (short) 1),
                        new NewTopic("ct-validate-config", 1, (short) 1, Map.of("no.such.config", "1"))),
                true);
        await(result.value("ct-validate"));
        assertThat(failure(result.value("ct-validate-exists"))).isInstanceOf(TopicExistsException.class);
        assertThat(failure(result.value("ct-validate-config"))).isInstanceOf(InvalidConfigurationException.class);
        assertThat(oracle.listTopics().names().get()).doesNotContain("ct-validate", "ct-validate-config");
    }

    @Test
    void describesTopicsWithChosenConfigsAsTheOracleDoes() throws Exception {
        await(admin.createTopics(List.of(
                new NewTopic("dt-a", 3, (short) 1, Map.of("retention.ms", "123456", "cleanup.policy", "compact")),
                new NewTopic("dt-b", 1, (short) 1))));
        AdminResult<String, dev.asynckafka.admin.TopicDescription> result = admin.describeTopicsEach(
                List.of("dt-a", "dt-missing", "dt-b"), List.of("retention.ms", "cleanup.policy", "no.such"));

        assertThat(failure(result.value("dt-missing"))).isInstanceOf(UnknownTopicOrPartitionException.class);
        Map<String, TopicDescription> expected =
                oracle.describeTopics(List.of("dt-a", "dt-b")).allTopicNames().get();
        for (String name : List.of("dt-a", "dt-b")) {
            dev.asynckafka.admin.TopicDescription d = await(result.value(name));
            TopicDescription e = expected.get(name);
            assertThat(d.topicId().toString()).isEqualTo(e.topicId().toString());
            assertThat(d.partitions()).hasSameSizeAs(e.partitions());
            for (int i = 0; i < d.partitions().size(); i++) {
                assertThat(d.partitions().get(i).leader().id())
                        .isEqualTo(e.partitions().get(i).leader().id());
            }
            Config config = oracle.describeConfigs(List.of(new org.apache.kafka.common.config.ConfigResource(
                            org.apache.kafka.common.config.ConfigResource.Type.TOPIC, name)))
                    .all()
                    .get()
                    .values()
                    .iterator()
                    .next();
            assertThat(d.configs()).containsOnlyKeys("retention.ms", "cleanup.policy");
            d.configs().forEach((k, v) -> {
                assertThat(v.value()).isEqualTo(config.get(k).value());
                assertThat(v.source().name()).isEqualTo(config.get(k).source().name());
            });
        }
        assertThat(await(result.value("dt-a")).configs().get("retention.ms").value())
                .isEqualTo("123456");
        assertThat(await(admin.describeTopics(List.of("dt-b"))).get("dt-b").configs())
                .isEmpty();
    }

    @Test
    void describesTopicAndBrokerConfigsAsTheOracleDoes() throws Exception {
        create("dc-topic");
        int broker = await(admin.describeCluster()).nodes().get(0).id();
        ConfigResource topic = ConfigResource.topic("dc-topic");
        ConfigResource brokerResource = ConfigResource.broker(broker);
        AdminResult<ConfigResource, Map<String, ConfigEntry>> result =
                admin.describeConfigs(List.of(topic, brokerResource, ConfigResource.topic("dc-missing")));

        assertThat(failure(result.value(ConfigResource.topic("dc-missing"))))
                .isInstanceOf(UnknownTopicOrPartitionException.class);
        Map<org.apache.kafka.common.config.ConfigResource, Config> expected = oracle.describeConfigs(List.of(
                        new org.apache.kafka.common.config.ConfigResource(
                                org.apache.kafka.common.config.ConfigResource.Type.TOPIC, "dc-topic"),
                        new org.apache.kafka.common.config.ConfigResource(
                                org.apache.kafka.common.config.ConfigResource.Type.BROKER, Integer.toString(broker))))
                .all()
                .get();
        for (var e : expected.entrySet()) {
            ConfigResource ours = e.getKey().type() == org.apache.kafka.common.config.ConfigResource.Type.TOPIC
                    ? topic
                    : brokerResource;
            Map<String, ConfigEntry> entries = await(result.value(ours));
            assertThat(entries.keySet())
                    .containsExactlyInAnyOrderElementsOf(e.getValue().entries().stream()
                            .map(org.apache.kafka.clients.admin.ConfigEntry::name)
                            .toList());
            for (org.apache.kafka.clients.admin.ConfigEntry x : e.getValue().entries()) {
                ConfigEntry mine = entries.get(x.name());
                assertThat(mine.value()).as(x.name()).isEqualTo(x.value());
                assertThat(mine.source().name())
                        .as(x.name())
                        .isEqualTo(x.source().name());
                assertThat(mine.sensitive()).as(x.name()).isEqualTo(x.isSensitive());
                assertThat(mine.readOnly()).as(x.name()).isEqualTo(x.isReadOnly());
            }
        }
        Map<String, ConfigEntry> some = await(
                admin.describeConfigs(List.of(topic), List.of("retention.ms")).value(topic));
        assertThat(some).containsOnlyKeys("retention.ms");
    }

    @Test
    void altersTopicAndBrokerConfigsIncrementallyPerResource() throws Exception {
        await(admin.createTopic(new NewTopic("ac-a", 1, (short) 1, Map.of("cleanup.policy", "compact"))));
        create("ac-b");
        int broker = await(admin.describeCluster()).nodes().get(0).id();
        ConfigResource a = ConfigResource.topic("ac-a");
        ConfigResource b = ConfigResource.topic("ac-b");
        ConfigResource brokerResource = ConfigResource.broker(broker);
        AdminResult<ConfigResource, Void> result = admin.incrementalAlterConfigs(Map.of(
                a,
                List.of(AlterConfigOp.set("retention.ms", "777777"), AlterConfigOp.delete("cleanup.policy")),
                b,
                List.of(AlterConfigOp.set("no.such.config", "1")),
                brokerResource,
                List.of(AlterConfigOp.set("message.max.bytes", "1048600")),
                ConfigResource.topic("ac-missing"),
                List.of(AlterConfigOp.set("retention.ms", "1"))));

        await(result.value(a));
        await(result.value(brokerResource));
        assertThat(failure(result.value(b))).isInstanceOf(InvalidConfigurationException.class);
        assertThat(failure(result.value(ConfigResource.topic("ac-missing"))))
                .isInstanceOf(UnknownTopicOrPartitionException.class);

        // A broker applies topic and dynamic broker configs when it replays the metadata log, a moment
        // after the alter request is answered.
        Config topicConfig = describeUntil(
                org.apache.kafka.common.config.ConfigResource.Type.TOPIC, "ac-a", "retention.ms", "777777");
        assertThat(topicConfig.get("retention.ms").value()).isEqualTo("777777");
        assertThat(topicConfig.get("cleanup.policy").value()).isEqualTo("delete");
        Config brokerConfig = describeUntil(
                org.apache.kafka.common.config.ConfigResource.Type.BROKER,
                Integer.toString(broker),
                "message.max.bytes",
                "1048600");
        assertThat(brokerConfig.get("message.max.bytes").value()).isEqualTo("1048600");
        assertThat(brokerConfig.get("message.max.bytes").source().name()).isEqualTo("DYNAMIC_BROKER_CONFIG");

        // validateOnly changes nothing
        await(admin.incrementalAlterConfigs(Map.of(a, List.of(AlterConfigOp.set("retention.ms", "1000"))), true)
                .all());
        assertThat(await(admin.describeConfigs(List.of(a), List.of("retention.ms"))
                                .value(a))
                        .get("retention.ms")
                        .value())
                .isEqualTo("777777");
    }

    /** Describes the resource with the oracle until {@code name} reads {@code expected}, for up to 30 s. */
    private static Config describeUntil(
            org.apache.kafka.common.config.ConfigResource.Type type, String resource, String name, String expected)
            throws Exception {
        org.apache.kafka.common.config.ConfigResource r =
                new org.apache.kafka.common.config.ConfigResource(type, resource);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Config config;
        do {
            config = oracle.describeConfigs(List.of(r)).all().get().get(r);
            if (expected.equals(config.get(name).value())) {
                return config;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return config;
    }

    @Test
    void deleteTopicsEachReportsAMissingTopicAlone() throws Exception {
        create("del-a");
        AdminResult<String, Void> result = admin.deleteTopicsEach(List.of("del-a", "del-missing"));
        await(result.value("del-a"));
        assertThat(failure(result.value("del-missing"))).isInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void describesFeaturesAsTheOracleDoes() throws Exception {
        // The epoch is the broker's metadata offset, which moves with any metadata change (such as
        // an earlier test's topic deletion still being applied): ours must lie between two reads of
        // the oracle's.
        long epochBefore = oracle.describeFeatures()
                .featureMetadata()
                .get()
                .finalizedFeaturesEpoch()
                .orElse(-1L);
        FeatureMetadata features = await(admin.describeFeatures());
        var expected = oracle.describeFeatures().featureMetadata().get();
        assertThat(features.finalizedFeatures()).containsKey("metadata.version");
        assertThat(features.finalizedFeatures().keySet())
                .isEqualTo(expected.finalizedFeatures().keySet());
        expected.finalizedFeatures().forEach((name, range) -> {
            assertThat(features.finalizedFeatures().get(name).max()).isEqualTo(range.maxVersionLevel());
            assertThat(features.finalizedFeatures().get(name).min()).isEqualTo(range.minVersionLevel());
        });
        assertThat(features.supportedFeatures().keySet())
                .isEqualTo(expected.supportedFeatures().keySet());
        expected.supportedFeatures().forEach((name, range) -> {
            assertThat(features.supportedFeatures().get(name).max()).isEqualTo(range.maxVersion());
            assertThat(features.supportedFeatures().get(name).min()).isEqualTo(range.minVersion());
        });
        assertThat(features.finalizedFeaturesEpoch())
                .isBetween(epochBefore, expected.finalizedFeaturesEpoch().orElse(-1L));
        assertThat(epochBefore).isPositive();
    }

    @Test
    void badInputIsRefusedAtOnce() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> admin.createPartitions(Map.of("x", 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ConfigResource(ConfigResource.Type.BROKER, "abc"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> admin.createPartitions(Map.of("x", 2)).value("y"))
                .isInstanceOf(java.util.NoSuchElementException.class);
    }
}
