package dev.asynckafka.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@EmbeddedAsyncKafka(
        topics = {"ext-a", "ext-b"},
        partitions = 2,
        brokerProperties = {"auto.create.topics.enable=false", "log.retention.hours = 5"})
class EmbeddedKafkaExtensionTest {

    private static EmbeddedKafkaCluster fromBeforeAll;
    private static String bootstrapFromBeforeAll;

    private final EmbeddedKafkaCluster fromConstructor;
    private final String bootstrapFromConstructor;
    private EmbeddedKafkaCluster fromBeforeEach;
    private String bootstrapFromBeforeEach;

    EmbeddedKafkaExtensionTest(EmbeddedKafkaCluster kafka, @BootstrapServers String bootstrapServers) {
        this.fromConstructor = kafka;
        this.bootstrapFromConstructor = bootstrapServers;
    }

    @BeforeAll
    static void beforeAll(EmbeddedKafkaCluster kafka, @BootstrapServers String bootstrapServers) {
        fromBeforeAll = kafka;
        bootstrapFromBeforeAll = bootstrapServers;
    }

    @BeforeEach
    void beforeEach(EmbeddedKafkaCluster kafka, @BootstrapServers String bootstrapServers) {
        fromBeforeEach = kafka;
        bootstrapFromBeforeEach = bootstrapServers;
    }

    @Test
    void injectsTheSameClusterEverywhere(EmbeddedKafkaCluster kafka, @BootstrapServers String bootstrapServers) {
        assertThat(kafka.isBrokerRunning(0)).isTrue();
        assertThat(List.of(fromBeforeAll, fromConstructor, fromBeforeEach))
                .allSatisfy(c -> assertThat(c).isSameAs(kafka));
        assertThat(bootstrapServers).isEqualTo(kafka.bootstrapServers());
        assertThat(List.of(bootstrapFromBeforeAll, bootstrapFromConstructor, bootstrapFromBeforeEach))
                .containsOnly(bootstrapServers);
    }

    @Test
    void appliesTopicsAndBrokerProperties(@BootstrapServers String bootstrapServers) throws Exception {
        try (Admin admin = KafkaClients.admin(bootstrapServers)) {
            var topics = admin.describeTopics(List.of("ext-a", "ext-b"))
                    .allTopicNames()
                    .get();
            assertThat(topics.values())
                    .allSatisfy(t -> assertThat(t.partitions()).hasSize(2));

            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "0");
            Map<ConfigResource, Config> configs =
                    admin.describeConfigs(List.of(broker)).all().get();
            assertThat(configs.get(broker).get("auto.create.topics.enable").value())
                    .isEqualTo("false");
            assertThat(configs.get(broker).get("log.retention.hours").value()).isEqualTo("5");
        }
    }

    @Nested
    class NestedTests {

        @Test
        void sharesTheEnclosingCluster(EmbeddedKafkaCluster kafka) {
            assertThat(kafka).isSameAs(fromBeforeAll);
        }
    }
}
