package dev.asynckafka.consumer;

import static dev.asynckafka.consumer.ConsumerTestSupport.await;
import static dev.asynckafka.consumer.ConsumerTestSupport.options;
import static dev.asynckafka.consumer.ConsumerTestSupport.producer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.TestWaits;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import dev.asynckafka.test.EmbeddedKafkaCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The group coordinator's broker stops: the member finds the new coordinator (NOT_COORDINATOR,
 * lost connections), keeps its partitions, keeps consuming, and its commits land.
 */
@EmbeddedAsyncKafka(
        brokers = 2,
        brokerProperties = {
            "offsets.topic.replication.factor=2",
            "group.initial.rebalance.delay.ms=0",
            "group.min.session.timeout.ms=1000"
        })
@Timeout(180)
class CoordinatorMoveIT {
    private static final String TOPIC = "coordinated";

    @Test
    void memberFollowsTheCoordinatorToAnotherBroker(EmbeddedKafkaCluster kafka) throws Exception {
        String bootstrap = kafka.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 2))).all().get(60, TimeUnit.SECONDS);
            ConsumerOptions opts = options(bootstrap)
                    .groupId("moving-group")
                    .sessionTimeout(Duration.ofSeconds(10))
                    .heartbeatInterval(Duration.ofMillis(300))
                    .enableAutoCommit(false)
                    .build();
            try (GroupTestMember m = new GroupTestMember("m", opts, TOPIC, true).commitAfterProcessing();
                    KafkaProducer<String, String> p = producer(bootstrap, Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
                TestWaits.waitFor(
                        "partitions assigned",
                        Duration.ofSeconds(90),
                        () -> m.assignment().size() == 2);
                for (int i = 0; i < 50; i++) {
                    p.send(new ProducerRecord<>(TOPIC, i % 2, null, "before-" + i));
                }
                p.flush();
                TestWaits.waitFor(
                        "records before the move consumed", Duration.ofSeconds(90), () -> m.seen.size() == 50);
                int coordinator = admin.describeConsumerGroups(List.of("moving-group"))
                        .all()
                        .get(60, TimeUnit.SECONDS)
                        .get("moving-group")
                        .coordinator()
                        .id();
                int generation = await(m.consumer.groupMetadata()).generationId();
                kafka.stopBroker(coordinator);
                for (int i = 0; i < 50; i++) {
                    p.send(new ProducerRecord<>(TOPIC, i % 2, null, "after-" + i));
                }
                p.flush();
                TestWaits.waitFor(
                        "records after the move consumed", Duration.ofSeconds(90), () -> m.seen.size() == 100);
                Set<TopicPartition> parts = Set.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1));
                TestWaits.waitFor("commits land on the new coordinator", Duration.ofSeconds(90), () -> {
                    try {
                        return await(m.consumer.committed(parts)).values().stream()
                                        .mapToLong(OffsetAndMetadata::offset)
                                        .sum()
                                == 100;
                    } catch (Exception e) {
                        return false;
                    }
                });
                assertThat(m.seen.values()).allMatch(n -> n == 1);
                assertThat(m.events).noneMatch(e -> e.kind().equals("lost"));
                assertThat(await(m.consumer.groupMetadata()).generationId()).isEqualTo(generation);
                kafka.startBroker(coordinator);
            }
        }
    }
}
