package dev.asynckafka.consumer.internal.group;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.PartitionAssignor;
import dev.asynckafka.consumer.PartitionAssignor.Assignment;
import dev.asynckafka.consumer.PartitionAssignor.Subscription;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** The built-in assignors {@code range} and {@code roundrobin}, and lookups by name. */
public final class Assignors {
    private Assignors() {}

    public static PartitionAssignor range() {
        return new Range();
    }

    public static PartitionAssignor roundRobin() {
        return new RoundRobin();
    }

    public static PartitionAssignor sticky() {
        return new StickyAssignor(false);
    }

    public static PartitionAssignor cooperativeSticky() {
        return new StickyAssignor(true);
    }

    public static PartitionAssignor forName(String name) {
        return switch (name) {
            case "range" -> range();
            case "roundrobin" -> roundRobin();
            case "sticky" -> sticky();
            case "cooperative-sticky" -> cooperativeSticky();
            default ->
                throw new IllegalArgumentException("Unknown assignor '" + name
                        + "'; built in are range, roundrobin, sticky and cooperative-sticky");
        };
    }

    /**
     * Member order used by range and roundrobin, as in kafka-clients: static members (with a group
     * instance id) first, ordered by instance id, then dynamic members by member id.
     */
    record Member(String memberId, @Nullable String instanceId) implements Comparable<Member> {
        @Override
        public int compareTo(Member o) {
            if (instanceId != null && o.instanceId != null) {
                return instanceId.compareTo(o.instanceId);
            }
            if (instanceId != null) {
                return -1;
            }
            if (o.instanceId != null) {
                return 1;
            }
            return memberId.compareTo(o.memberId);
        }
    }

    static Map<String, List<TopicPartition>> emptyLists(Map<String, Subscription> subscriptions) {
        Map<String, List<TopicPartition>> out = new LinkedHashMap<>();
        subscriptions.keySet().forEach(m -> out.put(m, new ArrayList<>()));
        return out;
    }

    static Map<String, Assignment> wrap(Map<String, List<TopicPartition>> lists) {
        Map<String, Assignment> out = new LinkedHashMap<>();
        lists.forEach((m, l) -> out.put(m, new Assignment(l)));
        return out;
    }

    static final Comparator<TopicPartition> PARTITION_ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    /** Per topic, the sorted subscribers get consecutive ranges; the first {@code n % m} one extra. */
    static final class Range implements PartitionAssignor {
        @Override
        public String name() {
            return "range";
        }

        @Override
        public Map<String, Assignment> assign(
                Map<String, Integer> partitionsPerTopic, Map<String, Subscription> subscriptions) {
            Map<String, List<TopicPartition>> out = emptyLists(subscriptions);
            Map<String, List<Member>> perTopic = new HashMap<>();
            subscriptions.forEach((id, s) -> {
                for (String t : s.topics()) {
                    perTopic.computeIfAbsent(t, x -> new ArrayList<>()).add(new Member(id, s.groupInstanceId()));
                }
            });
            for (String topic : new TreeSet<>(partitionsPerTopic.keySet())) {
                List<Member> members = perTopic.get(topic);
                Integer count = partitionsPerTopic.get(topic);
                if (members == null || count == null || count <= 0) {
                    continue;
                }
                members.sort(null);
                int per = count / members.size();
                int extra = count % members.size();
                for (int i = 0; i < members.size(); i++) {
                    int start = per * i + Math.min(i, extra);
                    int length = per + (i < extra ? 1 : 0);
                    List<TopicPartition> list = out.get(members.get(i).memberId());
                    for (int p = start; p < start + length; p++) {
                        list.add(new TopicPartition(topic, p));
                    }
                }
            }
            return wrap(out);
        }
    }

    /**
     * All partitions, sorted by topic then partition, dealt one by one to the sorted members in a
     * circle, skipping members not subscribed to the partition's topic.
     */
    static final class RoundRobin implements PartitionAssignor {
        @Override
        public String name() {
            return "roundrobin";
        }

        @Override
        public Map<String, Assignment> assign(
                Map<String, Integer> partitionsPerTopic, Map<String, Subscription> subscriptions) {
            Map<String, List<TopicPartition>> out = emptyLists(subscriptions);
            List<Member> members = new ArrayList<>();
            TreeSet<String> topics = new TreeSet<>();
            subscriptions.forEach((id, s) -> {
                members.add(new Member(id, s.groupInstanceId()));
                topics.addAll(s.topics());
            });
            if (members.isEmpty()) {
                return wrap(out);
            }
            members.sort(null);
            int cursor = 0;
            for (String topic : topics) {
                Integer count = partitionsPerTopic.get(topic);
                if (count == null) {
                    continue;
                }
                for (int p = 0; p < count; p++) {
                    while (!subscriptions
                            .get(members.get(cursor).memberId())
                            .topics()
                            .contains(topic)) {
                        cursor = (cursor + 1) % members.size();
                    }
                    out.get(members.get(cursor).memberId()).add(new TopicPartition(topic, p));
                    cursor = (cursor + 1) % members.size();
                }
            }
            return wrap(out);
        }
    }
}
