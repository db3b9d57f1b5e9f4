package dev.asynckafka.consumer.internal.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.PartitionAssignor.Assignment;
import dev.asynckafka.consumer.PartitionAssignor.Subscription;
import dev.asynckafka.errors.KafkaException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.junit.jupiter.api.Test;

class ConsumerProtocolCodecTest {
    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static List<org.apache.kafka.common.TopicPartition> theirs(List<TopicPartition> ours) {
        return ours.stream()
                .map(tp -> new org.apache.kafka.common.TopicPartition(tp.topic(), tp.partition()))
                .toList();
    }

    private static List<TopicPartition> randomPartitions(Random r) {
        List<TopicPartition> out = new ArrayList<>();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            TopicPartition tp = new TopicPartition("t" + r.nextInt(4), r.nextInt(8));
            if (!out.contains(tp)) {
                out.add(tp);
            }
        }
        return out;
    }

    @Test
    void subscriptionBytesEqualKafkaClients() {
        Random r = new Random(42);
        for (int i = 0; i < 200; i++) {
            List<String> topics = new ArrayList<>(List.of("b" + i, "a", "c" + r.nextInt(3)));
            List<TopicPartition> owned = randomPartitions(r);
            byte[] userData = r.nextBoolean() ? null : new byte[] {1, 2, (byte) i};
            int generation = r.nextInt(5) - 1;
            String rack = r.nextBoolean() ? null : "rack" + r.nextInt(3);
            Subscription ours = new Subscription(topics, userData, owned, generation, rack, null);
            ConsumerPartitionAssignor.Subscription kc = new ConsumerPartitionAssignor.Subscription(
                    topics,
                    userData == null ? null : ByteBuffer.wrap(userData),
                    theirs(owned),
                    generation,
                    Optional.ofNullable(rack));
            assertThat(ConsumerProtocolCodec.encodeSubscription(ours))
                    .as("subscription %s", ours)
                    .isEqualTo(bytes(ConsumerProtocol.serializeSubscription(kc)));

            Subscription back = ConsumerProtocolCodec.decodeSubscription(
                    bytes(ConsumerProtocol.serializeSubscription(kc)), "instance");
            assertThat(back.topics()).containsExactlyInAnyOrderElementsOf(topics);
            assertThat(back.ownedPartitions()).containsExactlyInAnyOrderElementsOf(owned);
            assertThat(back.generationId()).isEqualTo(generation);
            assertThat(back.rackId()).isEqualTo(rack);
            assertThat(back.userData()).isEqualTo(userData);
            assertThat(back.groupInstanceId()).isEqualTo("instance");
        }
    }

    @Test
    void assignmentBytesEqualKafkaClients() {
        Random r = new Random(7);
        for (int i = 0; i < 200; i++) {
            List<TopicPartition> partitions = randomPartitions(r);
            byte[] userData = r.nextBoolean() ? null : new byte[] {9, (byte) i};
            ConsumerPartitionAssignor.Assignment kc = new ConsumerPartitionAssignor.Assignment(
                    theirs(partitions), userData == null ? null : ByteBuffer.wrap(userData));
            byte[] theirBytes = bytes(ConsumerProtocol.serializeAssignment(kc));
            assertThat(ConsumerProtocolCodec.encodeAssignment(new Assignment(partitions, userData)))
                    .isEqualTo(theirBytes);
            Assignment back = ConsumerProtocolCodec.decodeAssignment(theirBytes);
            assertThat(back.partitions()).containsExactlyInAnyOrderElementsOf(partitions);
            assertThat(back.userData()).isEqualTo(userData);
            ConsumerPartitionAssignor.Assignment read = ConsumerProtocol.deserializeAssignment(
                    ByteBuffer.wrap(ConsumerProtocolCodec.encodeAssignment(new Assignment(partitions, userData))));
            assertThat(read.partitions()).containsExactlyInAnyOrderElementsOf(theirs(partitions));
        }
    }

    @Test
    void olderSubscriptionVersionsAreReadable() {
        ConsumerPartitionAssignor.Subscription kc = new ConsumerPartitionAssignor.Subscription(
                List.of("x"), null, List.of(new org.apache.kafka.common.TopicPartition("x", 1)));
        for (short v = 0; v <= 3; v++) {
            Subscription s = ConsumerProtocolCodec.decodeSubscription(
                    bytes(ConsumerProtocol.serializeSubscription(kc, v)), null);
            assertThat(s.topics()).containsExactly("x");
            assertThat(s.ownedPartitions()).hasSize(v >= 1 ? 1 : 0);
        }
    }

    @Test
    void emptyAssignmentMeansNoPartitions() {
        assertThat(ConsumerProtocolCodec.decodeAssignment(new byte[0]).partitions())
                .isEmpty();
    }

    @Test
    void malformedBytesFailWithAClearError() {
        assertThatThrownBy(() -> ConsumerProtocolCodec.decodeSubscription(new byte[] {0}, null))
                .isInstanceOf(KafkaException.class)
                .hasMessageContaining("Malformed consumer protocol subscription");
        assertThatThrownBy(() -> ConsumerProtocolCodec.decodeSubscription(new byte[] {0, 3, 0, 0, 0x7f, 0, 0, 0}, null))
                .isInstanceOf(KafkaException.class)
                .hasMessageContaining("Malformed consumer protocol subscription");
        assertThatThrownBy(() -> ConsumerProtocolCodec.decodeAssignment(new byte[] {0, 0, (byte) 0xff, 0x7f, 1}))
                .isInstanceOf(KafkaException.class)
                .hasMessageContaining("Malformed consumer protocol assignment");
    }
}
