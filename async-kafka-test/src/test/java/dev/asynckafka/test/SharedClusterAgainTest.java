package dev.asynckafka.test;

import org.junit.jupiter.api.Test;

/** The other half of {@link SharedClusterTest}. */
@EmbeddedAsyncKafka(shared = true, topics = "shared-kit")
class SharedClusterAgainTest {
    @Test
    void usesTheSharedCluster(EmbeddedKafkaCluster kafka) {
        SharedClusterTest.checkShared(kafka);
    }
}
