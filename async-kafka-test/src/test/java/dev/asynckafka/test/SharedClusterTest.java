package dev.asynckafka.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/**
 * {@code @EmbeddedAsyncKafka(shared = true)}: this class and {@link SharedClusterAgainTest} have equal
 * annotations but for their topics, so whichever runs second gets the cluster the first started, still running after
 * the first class ended. A class with other attributes gets a cluster of its own.
 */
@EmbeddedAsyncKafka(shared = true, topics = "shared-kit-a")
class SharedClusterTest {
    /** The cluster the first of the two classes got. */
    static final AtomicReference<EmbeddedKafkaCluster> FIRST = new AtomicReference<>();

    static void checkShared(EmbeddedKafkaCluster kafka, String ownTopic) throws Exception {
        FIRST.compareAndSet(null, kafka);
        assertThat(kafka).isSameAs(FIRST.get());
        assertThat(kafka.isBrokerRunning(0)).isTrue();
        try (Admin admin = KafkaClients.admin(kafka.bootstrapServers())) {
            // Each class's topics are created on the shared cluster, with its partition count.
            assertThat(admin.describeTopics(List.of(ownTopic))
                            .allTopicNames()
                            .get()
                            .get(ownTopic)
                            .partitions())
                    .hasSize(ownTopic.equals("shared-kit-a") ? 1 : 2);
        }
    }

    @Test
    void usesTheSharedCluster(EmbeddedKafkaCluster kafka) throws Exception {
        checkShared(kafka, "shared-kit-a");
    }

    @Test
    void sharingKeyCoversEveryAttribute() {
        EmbeddedAsyncKafka self = SharedClusterTest.class.getAnnotation(EmbeddedAsyncKafka.class);
        EmbeddedAsyncKafka again = SharedClusterAgainTest.class.getAnnotation(EmbeddedAsyncKafka.class);
        EmbeddedAsyncKafka other = Other.class.getAnnotation(EmbeddedAsyncKafka.class);
        assertThat(EmbeddedKafkaExtension.sharingKey(self)).isEqualTo(EmbeddedKafkaExtension.sharingKey(again));
        assertThat(EmbeddedKafkaExtension.sharingKey(self)).isNotEqualTo(EmbeddedKafkaExtension.sharingKey(other));
    }

    @EmbeddedAsyncKafka(shared = true, brokerProperties = "log.retention.hours=5")
    private static final class Other {}
}
