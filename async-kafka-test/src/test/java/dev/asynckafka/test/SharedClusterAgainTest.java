package dev.asynckafka.test;

import org.junit.jupiter.api.Test;

/** The other half of {@link SharedClusterTest}. */
@EmbeddedAsyncKafka(shared = true, topics = "shared-kit-b", partitions = 2)
class SharedClusterAgainTest {
    @Test
    void usesTheSharedCluster(EmbeddedKafkaCluster kafka) throws Exception {
        SharedClusterTest.checkShared(kafka, "shared-kit-b");
    }
}
