package dev.asynckafka.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@code @EmbeddedAsyncKafka(shared = true)}: this class and {@link SharedClusterAgainTest} have equal
 * annotations, so whichever runs second gets the cluster the first started, still running after
 * the first class ended. A class with other attributes gets a cluster of its own.
 */
@EmbeddedAsyncKafka(shared = true, topics = "shared-kit")
class SharedClusterTest {
    /** The cluster the first of the two classes got. */
    static final AtomicReference<EmbeddedKafkaCluster> FIRST = new AtomicReference<>();

    static void checkShared(EmbeddedKafkaCluster kafka) {
        FIRST.compareAndSet(null, kafka);
        assertThat(kafka).isSameAs(FIRST.get());
        assertThat(kafka.isBrokerRunning(0)).isTrue();
    }

    @Test
    void usesTheSharedCluster(EmbeddedKafkaCluster kafka) {
        checkShared(kafka);
    }

    @Test
    void sharingKeyCoversEveryAttribute() {
        EmbeddedAsyncKafka self = SharedClusterTest.class.getAnnotation(EmbeddedAsyncKafka.class);
        EmbeddedAsyncKafka again = SharedClusterAgainTest.class.getAnnotation(EmbeddedAsyncKafka.class);
        EmbeddedAsyncKafka other = Other.class.getAnnotation(EmbeddedAsyncKafka.class);
        assertThat(EmbeddedKafkaExtension.sharingKey(self)).isEqualTo(EmbeddedKafkaExtension.sharingKey(again));
        assertThat(EmbeddedKafkaExtension.sharingKey(self)).isNotEqualTo(EmbeddedKafkaExtension.sharingKey(other));
    }

    @EmbeddedAsyncKafka(shared = true, topics = "shared-kit", partitions = 2)
    private static final class Other {}
}
