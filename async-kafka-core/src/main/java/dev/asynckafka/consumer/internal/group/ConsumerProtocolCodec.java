package dev.asynckafka.consumer.internal.group;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.PartitionAssignor.Assignment;
import dev.asynckafka.consumer.PartitionAssignor.Subscription;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.internal.protocol.Message;
import dev.asynckafka.internal.protocol.message.ConsumerProtocolAssignment;
import dev.asynckafka.internal.protocol.message.ConsumerProtocolSubscription;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The "consumer" protocol type's member metadata and assignment bytes, laid out as kafka-clients
 * lays them out: a 2-byte version, then the versioned struct, with topics sorted and partitions
 * grouped by topic in topic/partition order. Newer versions than we know are read with the
 * highest known version (later versions only append fields).
 */
public final class ConsumerProtocolCodec {
    public static final short SUBSCRIPTION_VERSION = ConsumerProtocolSubscription.HIGHEST_SUPPORTED_VERSION;
    public static final short ASSIGNMENT_VERSION = ConsumerProtocolAssignment.HIGHEST_SUPPORTED_VERSION;

    private ConsumerProtocolCodec() {}

    /** Member metadata for JoinGroup. */
    public static byte[] encodeSubscription(Subscription s) {
        return encodeSubscription(s, SUBSCRIPTION_VERSION);
    }

    public static byte[] encodeSubscription(Subscription s, short version) {
        List<String> topics = new ArrayList<>(s.topics());
        topics.sort(null);
        ConsumerProtocolSubscription data = new ConsumerProtocolSubscription()
                .setTopics(topics)
                .setUserData(s.userData())
                .setOwnedPartitions(group(s.ownedPartitions(), true, ConsumerProtocolSubscription.TopicPartition::new))
                .setGenerationId(s.generationId())
                .setRackId(s.rackId());
        return prefixed(data, version);
    }

    /** A member's subscription from its JoinGroup metadata. */
    public static Subscription decodeSubscription(byte[] bytes, @Nullable String groupInstanceId) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        try {
            short version = readVersion(in, "subscription", ConsumerProtocolSubscription.HIGHEST_SUPPORTED_VERSION);
            ConsumerProtocolSubscription data = ConsumerProtocolSubscription.read(in, version);
            List<TopicPartition> owned = new ArrayList<>();
            for (ConsumerProtocolSubscription.TopicPartition t : data.ownedPartitions()) {
                t.partitions().forEach(p -> owned.add(new TopicPartition(t.topic(), p)));
            }
            return new Subscription(
                    data.topics(), data.userData(), owned, data.generationId(), data.rackId(), groupInstanceId);
        } catch (RuntimeException e) {
            throw new KafkaException("Malformed consumer protocol subscription: " + e.getMessage(), e);
        }
    }

    /** A member's assignment for SyncGroup. */
    public static byte[] encodeAssignment(Assignment a) {
        ConsumerProtocolAssignment data = new ConsumerProtocolAssignment()
                .setAssignedPartitions(group(a.partitions(), false, ConsumerProtocolAssignment.TopicPartition::new))
                .setUserData(a.userData());
        return prefixed(data, ASSIGNMENT_VERSION);
    }

    /** This member's assignment from the SyncGroup response; empty bytes mean no partitions. */
    public static Assignment decodeAssignment(byte[] bytes) {
        if (bytes.length == 0) {
            return new Assignment(List.of());
        }
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        try {
            short version = readVersion(in, "assignment", ConsumerProtocolAssignment.HIGHEST_SUPPORTED_VERSION);
            ConsumerProtocolAssignment data = ConsumerProtocolAssignment.read(in, version);
            List<TopicPartition> partitions = new ArrayList<>();
            for (ConsumerProtocolAssignment.TopicPartition t : data.assignedPartitions()) {
                t.partitions().forEach(p -> partitions.add(new TopicPartition(t.topic(), p)));
            }
            return new Assignment(partitions, data.userData());
        } catch (RuntimeException e) {
            throw new KafkaException("Malformed consumer protocol assignment: " + e.getMessage(), e);
        }
    }

    private static short readVersion(ByteBuf in, String what, short highest) {
        if (in.readableBytes() < 2) {
            throw new KafkaException("Malformed consumer protocol " + what + ": " + in.readableBytes() + " bytes");
        }
        short version = in.readShort();
        if (version < 0) {
            throw new KafkaException("Malformed consumer protocol " + what + ": negative version " + version);
        }
        return (short) Math.min(version, highest);
    }

    private static byte[] prefixed(Message data, short version) {
        byte[] out = new byte[2 + data.size(version)];
        ByteBuf buf = Unpooled.wrappedBuffer(out);
        buf.writerIndex(0);
        buf.writeShort(version);
        data.write(buf, version);
        return out;
    }

    /**
     * Partitions grouped by topic: sorted (subscriptions), or topics in order of first appearance
     * with partitions in given order (assignments), as kafka-clients groups them.
     */
    private static <T> List<T> group(
            Collection<TopicPartition> partitions, boolean sort, java.util.function.Supplier<T> factory) {
        List<TopicPartition> ordered = new ArrayList<>(partitions);
        if (sort) {
            ordered.sort(Assignors.PARTITION_ORDER);
        }
        java.util.Map<String, List<Integer>> byTopic = new java.util.LinkedHashMap<>();
        List<T> out = new ArrayList<>();
        for (TopicPartition tp : ordered) {
            List<Integer> current = byTopic.get(tp.topic());
            if (current == null) {
                current = new ArrayList<>();
                byTopic.put(tp.topic(), current);
                T entry = factory.get();
                if (entry instanceof ConsumerProtocolSubscription.TopicPartition s) {
                    s.setTopic(tp.topic()).setPartitions(current);
                } else if (entry instanceof ConsumerProtocolAssignment.TopicPartition a) {
                    a.setTopic(tp.topic()).setPartitions(current);
                }
                out.add(entry);
            }
            current.add(tp.partition());
        }
        return out;
    }
}
