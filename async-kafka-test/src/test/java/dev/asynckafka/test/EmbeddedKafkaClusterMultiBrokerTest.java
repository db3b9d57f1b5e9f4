package dev.asynckafka.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmbeddedKafkaClusterMultiBrokerTest {

    private static EmbeddedKafkaCluster kafka;

    @BeforeAll
    static void startCluster() {
        kafka = EmbeddedKafkaCluster.builder().brokers(3).start();
        System.out.println("3 brokers started in " + kafka.startupDuration().toMillis() + " ms");
    }

    @AfterAll
    static void stopCluster() {
        kafka.close();
    }

    @Test
    void listsAllBrokers() {
        assertThat(kafka.brokerIds()).containsExactly(0, 1, 2);
        assertThat(kafka.bootstrapServers().split(","))
                .containsExactly(kafka.brokerAddress(0), kafka.brokerAddress(1), kafka.brokerAddress(2));
    }

    /** Broker 0 also hosts the controller; stopping it must stop only its broker role. */
    @ParameterizedTest
    @ValueSource(ints = {2, 0})
    void stoppedBrokerRejoinsOnTheSameAddress(int stopped) throws Exception {
        String topic = "replicated-" + stopped;
        kafka.createTopic(topic, 3, (short) 3);
        String bootstrap = kafka.bootstrapServers();
        String address = kafka.brokerAddress(stopped);
        KafkaClients.send(bootstrap, topic, List.of("before"));

        kafka.stopBroker(stopped);
        assertThat(kafka.isBrokerRunning(stopped)).isFalse();
        try (Admin admin = KafkaClients.admin(bootstrap)) {
            awaitNodeIds(
                    admin, List.of(0, 1, 2).stream().filter(id -> id != stopped).toList());

            KafkaClients.send(bootstrap, topic, List.of("while-stopped"));
            assertThat(readAll(bootstrap, topic, 2)).containsExactlyInAnyOrder("before", "while-stopped");

            kafka.startBroker(stopped);
            assertThat(kafka.isBrokerRunning(stopped)).isTrue();
            assertThat(kafka.brokerAddress(stopped)).isEqualTo(address);
            Collection<Node> nodes = awaitNodeIds(admin, List.of(0, 1, 2));
            Node rejoined =
                    nodes.stream().filter(n -> n.id() == stopped).findFirst().orElseThrow();
            assertThat(rejoined.host() + ":" + rejoined.port()).isEqualTo(address);
        }
        KafkaClients.send(bootstrap, topic, List.of("after"));
        assertThat(readAll(bootstrap, topic, 3)).containsExactlyInAnyOrder("before", "while-stopped", "after");
    }

    private static List<String> readAll(String bootstrap, String topic, int count) {
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(bootstrap, Map.of())) {
            consumer.assign(
                    List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1), new TopicPartition(topic, 2)));
            return KafkaClients.pollValues(consumer, count);
        }
    }

    private static Collection<Node> awaitNodeIds(Admin admin, List<Integer> expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Collection<Node> nodes = admin.describeCluster().nodes().get();
            List<Integer> ids = nodes.stream().map(Node::id).sorted().collect(Collectors.toList());
            if (ids.equals(expected) || System.nanoTime() > deadline) {
                assertThat(ids).isEqualTo(expected);
                return nodes;
            }
            Thread.sleep(50);
        }
    }
}
