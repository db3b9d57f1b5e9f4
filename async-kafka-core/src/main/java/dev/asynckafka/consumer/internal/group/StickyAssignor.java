package dev.asynckafka.consumer.internal.group;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.PartitionAssignor;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * {@code sticky} and {@code cooperative-sticky}: a balanced assignment that keeps as many
 * partitions with their previous owners as balance allows.
 *
 * <ol>
 *   <li>Previous ownership counts only for members of the highest generation reported, and only
 *       for partitions that still exist and that the member still subscribes to; a partition
 *       claimed twice in that generation stays with the first claimant by member id.
 *   <li>Each member keeps its owned partitions up to its quota: {@code ceil(P/M)} for at most
 *       {@code P % M} members, {@code floor(P/M)} for the rest (fullest owners first).
 *   <li>The remaining partitions go, in topic/partition order, to the subscribed member holding the
 *       fewest; then partitions move from fuller to emptier subscribed members until no member
 *       holds two more than another that could take one of its partitions.
 *   <li>Cooperative only: a partition whose owner changes is left out this round, so its owner
 *       revokes it first and it is assigned in the follow-up rebalance (KIP-429).
 * </ol>
 *
 * The eager variant learns previous ownership from its subscription user data (kafka-clients'
 * StickyAssignor layout: topic partitions then generation), the cooperative one from the owned
 * partitions and generation of the subscription, with the generation also as 4-byte user data.
 */
final class StickyAssignor implements PartitionAssignor {
    private final boolean cooperative;

    StickyAssignor(boolean cooperative) {
        this.cooperative = cooperative;
    }

    @Override
    public String name() {
        return cooperative ? "cooperative-sticky" : "sticky";
    }

    @Override
    public List<RebalanceProtocol> supportedProtocols() {
        return cooperative
                ? List.of(RebalanceProtocol.COOPERATIVE, RebalanceProtocol.EAGER)
                : List.of(RebalanceProtocol.EAGER);
    }

    @Override
    public byte @Nullable [] subscriptionUserData(
            Set<String> topics, List<TopicPartition> lastAssignment, int generationId) {
        if (cooperative) {
            return ByteBuffer.allocate(4).putInt(generationId).array();
        }
        if (generationId < 0 && lastAssignment.isEmpty()) {
            return null;
        }
        return encodeUserData(lastAssignment, generationId);
    }

    /** kafka-clients' sticky user data v1: [topic string, [partition int32]] then generation int32. */
    static byte[] encodeUserData(List<TopicPartition> partitions, int generation) {
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        for (TopicPartition tp : partitions) {
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        int size = 4 + 4;
        for (Map.Entry<String, List<Integer>> e : byTopic.entrySet()) {
            size += 2
                    + e.getKey().getBytes(StandardCharsets.UTF_8).length
                    + 4
                    + 4 * e.getValue().size();
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putInt(byTopic.size());
        for (Map.Entry<String, List<Integer>> e : byTopic.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            out.putShort((short) name.length).put(name).putInt(e.getValue().size());
            e.getValue().forEach(out::putInt);
        }
        out.putInt(generation);
        return out.array();
    }

    /** Previous partitions and generation from sticky user data (v0 has no generation); empty if unreadable. */
    static Owned decodeUserData(byte @Nullable [] data) {
        if (data == null || data.length == 0) {
            return new Owned(List.of(), -1);
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(data);
            int topics = in.getInt();
            if (topics < 0 || topics > data.length) {
                return new Owned(List.of(), -1);
            }
            List<TopicPartition> out = new ArrayList<>();
            for (int i = 0; i < topics; i++) {
                int len = in.getShort();
                if (len < 0 || len > in.remaining()) {
                    return new Owned(List.of(), -1);
                }
                byte[] name = new byte[len];
                in.get(name);
                int n = in.getInt();
                if (n < 0 || n > in.remaining() / 4) {
                    return new Owned(List.of(), -1);
                }
                String topic = new String(name, StandardCharsets.UTF_8);
                for (int p = 0; p < n; p++) {
                    out.add(new TopicPartition(topic, in.getInt()));
                }
            }
            int generation = in.remaining() >= 4 ? in.getInt() : -1;
            return new Owned(out, generation);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            return new Owned(List.of(), -1);
        }
    }

    record Owned(List<TopicPartition> partitions, int generation) {}

    private Owned owned(Subscription s) {
        if (!cooperative) {
            Owned fromData = decodeUserData(s.userData());
            if (fromData.partitions().isEmpty() && !s.ownedPartitions().isEmpty()) {
                return new Owned(s.ownedPartitions(), s.generationId());
            }
            return fromData;
        }
        int generation = s.generationId();
        byte[] data = s.userData();
        if (generation < 0 && data != null && data.length == 4) {
            generation = ByteBuffer.wrap(data).getInt();
        }
        return new Owned(s.ownedPartitions(), generation);
    }

    @Override
    public Map<String, Assignment> assign(
            Map<String, Integer> partitionsPerTopic, Map<String, Subscription> subscriptions) {
        TreeMap<String, Subscription> members = new TreeMap<>(subscriptions);
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : new TreeSet<>(topicsOf(members))) {
            Integer n = partitionsPerTopic.get(topic);
            for (int p = 0; n != null && p < n; p++) {
                all.add(new TopicPartition(topic, p));
            }
        }
        Set<TopicPartition> existing = new HashSet<>(all);

        // 1. Valid previous owners: highest generation only, existing and still subscribed.
        Map<String, Owned> owned = new HashMap<>();
        int maxGeneration = -1;
        for (Map.Entry<String, Subscription> e : members.entrySet()) {
            Owned o = owned(e.getValue());
            owned.put(e.getKey(), o);
            if (!o.partitions().isEmpty()) {
                maxGeneration = Math.max(maxGeneration, o.generation());
            }
        }
        Map<TopicPartition, String> previousOwner = new HashMap<>();
        Map<String, List<TopicPartition>> kept = new TreeMap<>();
        for (Map.Entry<String, Subscription> e : members.entrySet()) {
            String member = e.getKey();
            List<TopicPartition> mine = new ArrayList<>();
            Owned o = owned.get(member);
            if (o.generation() == maxGeneration) {
                for (TopicPartition tp : o.partitions()) {
                    if (existing.contains(tp)
                            && e.getValue().topics().contains(tp.topic())
                            && !previousOwner.containsKey(tp)) {
                        previousOwner.put(tp, member);
                        mine.add(tp);
                    }
                }
            }
            mine.sort(Assignors.PARTITION_ORDER);
            kept.put(member, mine);
        }

        // 2. Keep owned partitions up to the quota, fullest owners first.
        int m = members.size();
        Map<String, List<TopicPartition>> assignment = new TreeMap<>();
        members.keySet().forEach(id -> assignment.put(id, new ArrayList<>()));
        if (m == 0) {
            return Assignors.wrap(assignment);
        }
        int minQuota = all.size() / m;
        int maxQuota = (all.size() + m - 1) / m;
        int withMax = all.size() % m == 0 ? m : all.size() % m;
        List<String> byOwned = new ArrayList<>(members.keySet());
        byOwned.sort(Comparator.comparingInt((String id) -> -kept.get(id).size()));
        Set<TopicPartition> assigned = new HashSet<>();
        int maxUsed = 0;
        for (String id : byOwned) {
            List<TopicPartition> mine = kept.get(id);
            int cap = maxUsed < withMax ? maxQuota : minQuota;
            int keep = Math.min(mine.size(), cap);
            if (keep == maxQuota && maxQuota > minQuota) {
                maxUsed++;
            }
            for (int i = 0; i < keep; i++) {
                assignment.get(id).add(mine.get(i));
                assigned.add(mine.get(i));
            }
        }

        // 3. The rest to the subscribed member holding the fewest, then even out.
        for (TopicPartition tp : all) {
            if (assigned.contains(tp)) {
                continue;
            }
            String best = null;
            for (Map.Entry<String, Subscription> e : members.entrySet()) {
                if (e.getValue().topics().contains(tp.topic())
                        && (best == null
                                || assignment.get(e.getKey()).size()
                                        < assignment.get(best).size())) {
                    best = e.getKey();
                }
            }
            if (best != null) {
                assignment.get(best).add(tp);
                assigned.add(tp);
            }
        }
        balance(members, assignment, previousOwner, all.size());

        // 4. Cooperative: a partition changing owner is only revoked this round.
        if (cooperative) {
            for (Map.Entry<String, List<TopicPartition>> e : assignment.entrySet()) {
                e.getValue().removeIf(tp -> {
                    String prev = previousOwner.get(tp);
                    return prev != null && !prev.equals(e.getKey());
                });
            }
        }
        Map<String, Assignment> out = new LinkedHashMap<>();
        assignment.forEach((id, list) -> {
            list.sort(Assignors.PARTITION_ORDER);
            out.put(id, new Assignment(list));
        });
        return out;
    }

    /** Moves partitions from fuller to emptier subscribed members, newly assigned ones first. */
    private static void balance(
            Map<String, Subscription> members,
            Map<String, List<TopicPartition>> assignment,
            Map<TopicPartition, String> previousOwner,
            int partitions) {
        int budget = (partitions + 1) * (members.size() + 1);
        boolean moved = true;
        while (moved && budget-- > 0) {
            moved = false;
            List<String> fullestFirst = new ArrayList<>(assignment.keySet());
            fullestFirst.sort(
                    Comparator.comparingInt((String id) -> -assignment.get(id).size()));
            outer:
            for (String from : fullestFirst) {
                List<TopicPartition> list = assignment.get(from);
                List<TopicPartition> candidates = new ArrayList<>(list);
                candidates.sort(Comparator.comparing((TopicPartition tp) -> from.equals(previousOwner.get(tp))));
                for (TopicPartition tp : candidates) {
                    String to = null;
                    for (Map.Entry<String, Subscription> e : members.entrySet()) {
                        if (e.getValue().topics().contains(tp.topic())
                                && assignment.get(e.getKey()).size() + 1 < list.size()
                                && (to == null
                                        || assignment.get(e.getKey()).size()
                                                < assignment.get(to).size())) {
                            to = e.getKey();
                        }
                    }
                    if (to != null) {
                        list.remove(tp);
                        assignment.get(to).add(tp);
                        moved = true;
                        break outer;
                    }
                }
            }
        }
    }

    private static Set<String> topicsOf(Map<String, Subscription> members) {
        Set<String> topics = new HashSet<>();
        members.values().forEach(s -> topics.addAll(s.topics()));
        return topics;
    }
}
