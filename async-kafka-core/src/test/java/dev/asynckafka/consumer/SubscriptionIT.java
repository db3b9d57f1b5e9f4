package dev.asynckafka.consumer;

import static dev.asynckafka.consumer.ConsumerTestSupport.await;
import static dev.asynckafka.consumer.ConsumerTestSupport.producer;
import static dev.asynckafka.consumer.ConsumerTestSupport.stringConsumer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.TestWaits;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import dev.asynckafka.test.EmbeddedKafkaCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Pattern and group-less subscriptions following topics, and auto commit. */
@EmbeddedAsyncKafka(
        shared = true,
        topics = {"auto-commit", "close-commit", "plain"},
        partitions = 2,
        brokerProperties = {"group.initial.rebalance.delay.ms=0", "group.min.session.timeout.ms=1000"})
@Timeout(120)
class SubscriptionIT {

    private static ConsumerOptions.Builder options(String bootstrap) {
        return ConsumerOptions.builder(ClientOptions.builder()
                        .bootstrapServers(bootstrap)
                        .metadataMaxAge(Duration.ofMillis(300))
                        .build())
                .autoOffsetReset(AutoOffsetReset.EARLIEST)
                .sessionTimeout(Duration.ofSeconds(6))
                .heartbeatInterval(Duration.ofMillis(500));
    }

    private static void deleteTopic(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.deleteTopics(List.of(topic)).all().get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void patternWithoutGroupFollowsTopicsCreatedAndDeleted(
            @BootstrapServers String bootstrap, EmbeddedKafkaCluster cluster) throws Exception {
        followsTopics(bootstrap, cluster, null, "nogroup");
    }

    @Test
    void patternInAGroupFollowsTopicsCreatedAndDeleted(@BootstrapServers String bootstrap, EmbeddedKafkaCluster cluster)
            throws Exception {
        followsTopics(bootstrap, cluster, "pattern-group", "ingroup");
    }

    private void followsTopics(String bootstrap, EmbeddedKafkaCluster cluster, String groupId, String prefix)
            throws Exception {
        ConsumerOptions opts = options(bootstrap).groupId(groupId).build();
        cluster.createTopic(prefix + "-a", 3, (short) 1);
        try (GroupTestMember m = new GroupTestMember(prefix, opts, "unused", true)) {
            await(m.consumer.unsubscribe());
            await(m.consumer.subscribe(Pattern.compile(prefix + "-.*"), m));
            TestWaits.waitFor(
                    "the existing topic is assigned", () -> m.assignment().size() == 3);
            cluster.createTopic(prefix + "-b", 2, (short) 1);
            TestWaits.waitFor(
                    "a created topic is assigned", () -> m.assignment().size() == 5);
            try (KafkaProducer<String, String> p = producer(bootstrap, Map.of())) {
                p.send(new ProducerRecord<>(prefix + "-b", 1, null, "hello")).get();
            }
            TestWaits.waitFor("a record of the new topic is consumed", () -> m.seen.containsKey("hello"));
            deleteTopic(bootstrap, prefix + "-a");
            TestWaits.waitFor(
                    "a deleted topic is unassigned", () -> m.assignment().size() == 2);
            assertThat(m.assignment())
                    .containsExactlyInAnyOrder(
                            new TopicPartition(prefix + "-b", 0), new TopicPartition(prefix + "-b", 1));
            assertThat(m.events)
                    .anyMatch(e -> e.kind().equals("revoked") || e.kind().equals("lost"));
        }
    }

    @Test
    void autoCommitCommitsPositionsPeriodically(@BootstrapServers String bootstrap) throws Exception {
        try (KafkaProducer<String, String> p = producer(bootstrap, Map.of())) {
            for (int i = 0; i < 20; i++) {
                p.send(new ProducerRecord<>("auto-commit", i % 2, null, "v" + i));
            }
        }
        ConsumerOptions opts = options(bootstrap)
                .groupId("auto-group")
                .enableAutoCommit(true)
                .autoCommitInterval(Duration.ofMillis(200))
                .build();
        Set<TopicPartition> parts = Set.of(new TopicPartition("auto-commit", 0), new TopicPartition("auto-commit", 1));
        try (GroupTestMember m = new GroupTestMember("auto", opts, "auto-commit", true)) {
            TestWaits.waitFor("all records consumed", () -> m.seen.size() == 20);
            TestWaits.waitFor("positions committed", () -> {
                try {
                    Map<TopicPartition, OffsetAndMetadata> c = await(m.consumer.committed(parts));
                    return c.values().stream()
                                    .mapToLong(OffsetAndMetadata::offset)
                                    .sum()
                            == 20;
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    @Test
    void autoCommitCommitsOnCloseAndTheNextMemberStartsThere(@BootstrapServers String bootstrap) throws Exception {
        try (KafkaProducer<String, String> p = producer(bootstrap, Map.of())) {
            for (int i = 0; i < 10; i++) {
                p.send(new ProducerRecord<>("close-commit", i % 2, null, "v" + i));
            }
        }
        ConsumerOptions opts = options(bootstrap)
                .groupId("close-group")
                .enableAutoCommit(true)
                .autoCommitInterval(Duration.ofMinutes(10))
                .build();
        try (GroupTestMember m = new GroupTestMember("first", opts, "close-commit", true)) {
            TestWaits.waitFor("all records consumed", () -> m.seen.size() == 10);
        }
        try (KafkaProducer<String, String> p = producer(bootstrap, Map.of())) {
            p.send(new ProducerRecord<>("close-commit", 0, null, "after")).get();
        }
        try (GroupTestMember next = new GroupTestMember("next", opts, "close-commit", true)) {
            TestWaits.waitFor("the new record consumed", () -> next.seen.containsKey("after"));
            assertThat(next.seen).containsOnlyKeys("after");
            assertThat(next.events)
                    .anyMatch(e -> e.kind().equals("assigned") && e.partitions().size() == 2);
        }
    }

    @Test
    void commitsNeedAGroupAndAssignExcludesSubscribe(@BootstrapServers String bootstrap) throws Exception {
        try (AsyncKafkaConsumer<String, String> c =
                stringConsumer(options(bootstrap).build())) {
            assertThatThrownBy(c::commit)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("group.id");
            await(c.subscribe(List.of("plain")));
            assertThatThrownBy(() -> c.assign(List.of(new TopicPartition("plain", 0))))
                    .isInstanceOf(IllegalStateException.class);
            TestWaits.waitFor(
                    "group-less subscribe assigns every partition",
                    () -> c.assignment().size() == 2);
            await(c.unsubscribe());
            assertThat(c.assignment()).isEmpty();
            c.assign(List.of(new TopicPartition("plain", 0)));
            assertThat(c.assignment()).containsExactly(new TopicPartition("plain", 0));
        }
    }
}
