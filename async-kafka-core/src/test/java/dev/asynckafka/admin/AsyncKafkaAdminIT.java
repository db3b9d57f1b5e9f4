package dev.asynckafka.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.errors.InvalidConfigurationException;
import dev.asynckafka.errors.InvalidReplicationFactorException;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.errors.NetworkException;
import dev.asynckafka.errors.TopicExistsException;
import dev.asynckafka.errors.UnknownTopicOrPartitionException;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The admin client against a real broker, checked with kafka-clients' admin as the oracle. */
@EmbeddedAsyncKafka(
        shared = true,
        brokerProperties = {"group.initial.rebalance.delay.ms=0", "group.min.session.timeout.ms=1000"})
@Timeout(90)
class AsyncKafkaAdminIT {
    private AsyncKafkaAdmin admin;
    private Admin oracle;

    @BeforeEach
    void setUp(@BootstrapServers String bootstrap) {
        admin = AsyncKafkaAdmin.create(AdminOptions.of(
                ClientOptions.builder().bootstrapServers(bootstrap).build()));
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        oracle = Admin.create(p);
    }

    @AfterEach
    void tearDown() throws Exception {
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

    @Test
    void createsListsDescribesAndDeletesTopics() throws Exception {
        await(admin.start());
        await(admin.createTopics(List.of(
                new NewTopic("admin-it-a", 3, (short) 1, Map.of("cleanup.policy", "compact")),
                new NewTopic("admin-it-b", 1, (short) 1))));

        assertThat(await(admin.listTopics())).contains("admin-it-a", "admin-it-b");
        assertThat(oracle.listTopics().names().get()).contains("admin-it-a", "admin-it-b");

        Map<String, TopicDescription> described = await(admin.describeTopics(List.of("admin-it-a", "admin-it-b")));
        TopicDescription a = described.get("admin-it-a");
        assertThat(a.partitions()).hasSize(3);
        assertThat(a.partitions()).allSatisfy(p -> {
            assertThat(p.leader()).isNotNull();
            assertThat(p.replicas()).hasSize(1);
            assertThat(p.isr()).hasSize(1);
        });
        var expected = oracle.describeTopics(List.of("admin-it-a"))
                .allTopicNames()
                .get()
                .get("admin-it-a");
        assertThat(a.topicId().toString()).isEqualTo(expected.topicId().toString());
        assertThat(a.internal()).isFalse();

        Config config = oracle.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, "admin-it-a")))
                .all()
                .get()
                .values()
                .iterator()
                .next();
        assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");

        await(admin.deleteTopics(List.of("admin-it-a", "admin-it-b")));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Set<String> left;
        do {
            left = oracle.listTopics().names().get();
        } while ((left.contains("admin-it-a") || left.contains("admin-it-b")) && System.nanoTime() < deadline);
        assertThat(left).doesNotContain("admin-it-a", "admin-it-b");
    }

    @Test
    void internalTopicsAreListedOnlyWhenAsked() throws Exception {
        oracle.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("admin-it-c", 1, (short) 1)))
                .all()
                .get();
        // Creating a group makes the broker create __consumer_offsets.
        oracle.listConsumerGroupOffsets("admin-it-group").all().get();
        assertThat(await(admin.listTopics())).contains("admin-it-c").noneMatch(t -> t.startsWith("__"));
        assertThat(await(admin.listTopics(true))).contains("admin-it-c", "__consumer_offsets");
    }

    @Test
    void creatingAnExistingTopicFailsWithTopicExists() throws Exception {
        await(admin.createTopic(new NewTopic("admin-it-exists", 1, (short) 1)));
        Throwable error = failure(admin.createTopics(
                List.of(new NewTopic("admin-it-exists", 1, (short) 1), new NewTopic("admin-it-new", 1, (short) 1))));
        assertThat(error).isInstanceOf(TopicExistsException.class).hasMessageContaining("admin-it-exists");
        assertThat(((KafkaException) error).isRetriable()).isFalse();
        assertThat(await(admin.listTopics())).contains("admin-it-new");
    }

    @Test
    void invalidTopicSettingsFailWithTheBrokersReason() throws Exception {
        Throwable error = failure(admin.createTopic(new NewTopic("admin-it-bad", 1, (short) 5)));
        assertThat(error).isInstanceOf(InvalidReplicationFactorException.class).hasMessageContaining("admin-it-bad");
        assertThat(((KafkaException) error).isRetriable()).isFalse();
        Throwable badConfig =
                failure(admin.createTopic(new NewTopic("admin-it-bad2", 1, (short) 1, Map.of("no.such.config", "1"))));
        assertThat(badConfig)
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("admin-it-bad2")
                .hasMessageContaining("no.such.config");
    }

    @Test
    void describingAnUnknownTopicFailsFast() throws Exception {
        long start = System.nanoTime();
        Throwable error = failure(admin.describeTopics(List.of("admin-it-missing")));
        assertThat(error).isInstanceOf(UnknownTopicOrPartitionException.class).hasMessageContaining("admin-it-missing");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start))
                .as("no retry until the API timeout")
                .isLessThan(30);
    }

    @Test
    void deletingAnUnknownTopicFails() throws Exception {
        assertThat(failure(admin.deleteTopics(List.of("admin-it-never"))))
                .isInstanceOf(UnknownTopicOrPartitionException.class)
                .hasMessageContaining("admin-it-never");
    }

    @Test
    void describesTheClusterLikeKafkaClients() throws Exception {
        ClusterDescription cluster = await(admin.describeCluster());
        assertThat(cluster.clusterId())
                .isEqualTo(oracle.describeCluster().clusterId().get());
        assertThat(cluster.nodes()).hasSize(1);
        assertThat(cluster.nodes().get(0).id())
                .isEqualTo(
                        oracle.describeCluster().nodes().get().iterator().next().id());
        assertThat(cluster.controller()).isNotNull();
    }

    @Test
    void unreachableBootstrapFailsWithAClearRetriableError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ClientOptions options =
                ClientOptions.builder().bootstrapServers("127.0.0.1:" + port).build();
        try (AsyncKafkaAdmin unreachable = AsyncKafkaAdmin.create(AdminOptions.of(options))) {
            Throwable error = failure(unreachable.start());
            assertThat(error).isInstanceOf(NetworkException.class).hasMessageContaining("127.0.0.1:" + port);
            assertThat(((KafkaException) error).isRetriable()).isTrue();
            // An operation retries until default.api.timeout.ms, then fails with a timeout.
            AsyncKafkaAdmin quick = AsyncKafkaAdmin.create(AdminOptions.builder(options)
                    .defaultApiTimeout(Duration.ofSeconds(2))
                    .build());
            try {
                assertThat(failure(quick.listTopics()))
                        .isInstanceOf(dev.asynckafka.errors.TimeoutException.class)
                        .hasMessageContaining("listTopics");
            } finally {
                quick.close();
            }
        }
    }
}
