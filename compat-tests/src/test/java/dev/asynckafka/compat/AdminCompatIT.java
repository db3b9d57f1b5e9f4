package dev.asynckafka.compat;

import static dev.asynckafka.compat.CompatSupport.await;
import static dev.asynckafka.compat.CompatSupport.bootstrap;
import static dev.asynckafka.compat.CompatSupport.client;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.admin.AdminOptions;
import dev.asynckafka.admin.AsyncKafkaAdmin;
import dev.asynckafka.admin.ClusterDescription;
import dev.asynckafka.admin.NewTopic;
import dev.asynckafka.admin.TopicDescription;
import dev.asynckafka.admin.TopicPartitionInfo;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** Our admin client against each release: topics created, described and deleted, as kafka-clients sees them. */
@ParameterizedClass(name = "Kafka {0}")
@MethodSource("dev.asynckafka.compat.CompatBrokers#versions")
@Timeout(300)
class AdminCompatIT {
    private final String version;

    AdminCompatIT(String version) {
        this.version = version;
    }

    @Test
    void createDescribeDeleteTopics() throws Exception {
        String bootstrap = bootstrap(version);
        try (AsyncKafkaAdmin admin = AsyncKafkaAdmin.create(AdminOptions.of(client(bootstrap)));
                Admin oracle = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            ClusterDescription cluster = await(admin.describeCluster());
            assertThat(cluster.nodes()).hasSize(1);
            assertThat(cluster.clusterId())
                    .isEqualTo(oracle.describeCluster().clusterId().get(60, TimeUnit.SECONDS));

            await(admin.createTopics(List.of(
                    new NewTopic("admin-a", 3, (short) 1),
                    new NewTopic("admin-b", 1, (short) 1, Map.of("cleanup.policy", "compact")))));
            assertThat(await(admin.listTopics())).contains("admin-a", "admin-b");
            assertThat(oracle.listTopics().names().get(60, TimeUnit.SECONDS)).contains("admin-a", "admin-b");

            Map<String, TopicDescription> described = await(admin.describeTopics(List.of("admin-a", "admin-b")));
            TopicDescription a = described.get("admin-a");
            assertThat(a.partitions()).extracting(TopicPartitionInfo::partition).containsExactly(0, 1, 2);
            assertThat(a.partitions()).allSatisfy(p -> assertThat(p.leader()).isNotNull());
            assertThat(a.topicId().toString())
                    .isEqualTo(oracle.describeTopics(List.of("admin-a"))
                            .allTopicNames()
                            .get(60, TimeUnit.SECONDS)
                            .get("admin-a")
                            .topicId()
                            .toString());
            assertThat(described.get("admin-b").partitions()).hasSize(1);

            await(admin.deleteTopics(List.of("admin-a", "admin-b")));
            // Deletion reaches the broker's metadata cache after the controller answered.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            Set<String> left = await(admin.listTopics());
            while ((left.contains("admin-a") || left.contains("admin-b")) && System.nanoTime() < deadline) {
                Thread.sleep(100);
                left = await(admin.listTopics());
            }
            assertThat(left).doesNotContain("admin-a", "admin-b");
            assertThat(oracle.listTopics().names().get(60, TimeUnit.SECONDS)).doesNotContain("admin-a", "admin-b");
        }
    }
}
