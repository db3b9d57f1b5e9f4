package dev.asynckafka.consumer.internal.group;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.PartitionAssignor;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.StickyAssignor;
import org.junit.jupiter.api.Test;

/** Sticky user data is understood both ways between our members and kafka-clients' StickyAssignor. */
class StickyInteropTest {
    private static org.apache.kafka.common.TopicPartition kc(String topic, int p) {
        return new org.apache.kafka.common.TopicPartition(topic, p);
    }

    @Test
    void kafkaClientsLeaderKeepsWhatOurMembersOwned() {
        PartitionAssignor ours = PartitionAssignor.sticky();
        // Each claims a balanced share that range would not give.
        List<TopicPartition> a = List.of(new TopicPartition("t", 0), new TopicPartition("t", 3));
        List<TopicPartition> b = List.of(new TopicPartition("t", 1), new TopicPartition("t", 2));
        Map<String, ConsumerPartitionAssignor.Subscription> subs = new HashMap<>();
        subs.put(
                "a",
                new ConsumerPartitionAssignor.Subscription(
                        List.of("t"), ByteBuffer.wrap(ours.subscriptionUserData(Set.of("t"), a, 4))));
        subs.put(
                "b",
                new ConsumerPartitionAssignor.Subscription(
                        List.of("t"), ByteBuffer.wrap(ours.subscriptionUserData(Set.of("t"), b, 4))));
        Map<String, List<org.apache.kafka.common.TopicPartition>> result =
                new StickyAssignor().assign(Map.of("t", 4), subs);
        assertThat(result.get("a")).containsExactlyInAnyOrder(kc("t", 0), kc("t", 3));
        assertThat(result.get("b")).containsExactlyInAnyOrder(kc("t", 1), kc("t", 2));
    }

    @Test
    void ourLeaderKeepsWhatKafkaClientsMembersOwned() {
        StickyAssignor theirs = new StickyAssignor();
        theirs.onAssignment(
                new ConsumerPartitionAssignor.Assignment(List.of(kc("t", 1), kc("t", 2))),
                new ConsumerGroupMetadata("g", 6, "m", java.util.Optional.empty()));
        ByteBuffer userData = theirs.subscriptionUserData(Set.of("t"));
        byte[] bytes = new byte[userData.remaining()];
        userData.get(bytes);
        dev.asynckafka.consumer.internal.group.StickyAssignor.Owned owned =
                dev.asynckafka.consumer.internal.group.StickyAssignor.decodeUserData(bytes);
        assertThat(owned.partitions())
                .containsExactlyInAnyOrder(new TopicPartition("t", 1), new TopicPartition("t", 2));
        assertThat(owned.generation()).isEqualTo(6);

        Map<String, PartitionAssignor.Subscription> subs = Map.of(
                "kc", new PartitionAssignor.Subscription(List.of("t"), bytes, List.of(), -1, null, null),
                "ours", new PartitionAssignor.Subscription(List.of("t")));
        Map<String, PartitionAssignor.Assignment> result =
                PartitionAssignor.sticky().assign(Map.of("t", 4), subs);
        assertThat(result.get("kc").partitions())
                .containsExactlyInAnyOrder(new TopicPartition("t", 1), new TopicPartition("t", 2));
        assertThat(result.get("ours").partitions())
                .containsExactlyInAnyOrder(new TopicPartition("t", 0), new TopicPartition("t", 3));
    }
}
