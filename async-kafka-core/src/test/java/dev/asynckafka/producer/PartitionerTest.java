package dev.asynckafka.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/** Keyed partitioning equals kafka-clients' (the oracle) for random keys of every length. */
class PartitionerTest {
    @Test
    void murmur2MatchesKafkaClientsForTenThousandRandomKeys() {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            byte[] key = new byte[random.nextInt(64)];
            random.nextBytes(key);
            int partitions = 1 + random.nextInt(100);
            assertThat(Partitioner.murmur2(key)).isEqualTo(Utils.murmur2(key));
            assertThat(Partitioner.partitionForKey(key, partitions))
                    .isEqualTo(BuiltInPartitioner.partitionForKey(key, partitions));
        }
    }

    @Test
    void emptyKeyHashesLikeKafkaClients() {
        assertThat(Partitioner.murmur2(new byte[0])).isEqualTo(Utils.murmur2(new byte[0]));
    }
}
