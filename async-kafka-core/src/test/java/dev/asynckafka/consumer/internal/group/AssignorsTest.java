package dev.asynckafka.consumer.internal.group;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.PartitionAssignor;
import dev.asynckafka.consumer.PartitionAssignor.Assignment;
import dev.asynckafka.consumer.PartitionAssignor.Subscription;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.consumer.RoundRobinAssignor;
import org.junit.jupiter.api.Test;

/** Range and roundrobin against kafka-clients' assignors; sticky and cooperative-sticky by their properties. */
class AssignorsTest {
    record Input(Map<String, Integer> partitions, Map<String, Subscription> subscriptions) {}

    private static Input randomInput(Random r, boolean sameTopics) {
        Map<String, Integer> partitions = new TreeMap<>();
        int topics = 1 + r.nextInt(4);
        for (int t = 0; t < topics; t++) {
            partitions.put("topic" + t, 1 + r.nextInt(12));
        }
        List<String> all = new ArrayList<>(partitions.keySet());
        Map<String, Subscription> subs = new LinkedHashMap<>();
        int members = 1 + r.nextInt(6);
        for (int m = 0; m < members; m++) {
            List<String> mine = new ArrayList<>();
            for (String t : all) {
                if (sameTopics || r.nextInt(3) > 0) {
                    mine.add(t);
                }
            }
            if (mine.isEmpty()) {
                mine.add(all.get(0));
            }
            String instance = r.nextInt(3) == 0 ? "instance-" + r.nextInt(100) + "-" + m : null;
            subs.put(
                    "member-" + r.nextInt(1000) + "-" + m, new Subscription(mine, null, List.of(), -1, null, instance));
        }
        return new Input(partitions, subs);
    }

    private static Map<String, Set<TopicPartition>> ours(PartitionAssignor a, Input in) {
        Map<String, Set<TopicPartition>> out = new HashMap<>();
        a.assign(in.partitions(), in.subscriptions()).forEach((m, as) -> out.put(m, new HashSet<>(as.partitions())));
        return out;
    }

    private static Map<String, Set<TopicPartition>> theirs(ConsumerPartitionAssignor a, Input in) {
        Map<String, ConsumerPartitionAssignor.Subscription> subs = new HashMap<>();
        in.subscriptions().forEach((m, s) -> {
            ConsumerPartitionAssignor.Subscription kc = new ConsumerPartitionAssignor.Subscription(s.topics());
            kc.setGroupInstanceId(Optional.ofNullable(s.groupInstanceId()));
            subs.put(m, kc);
        });
        Map<String, Set<TopicPartition>> out = new HashMap<>();
        Map<String, List<org.apache.kafka.common.TopicPartition>> result;
        if (a instanceof RangeAssignor range) {
            result = range.assign(in.partitions(), subs);
        } else {
            result = ((RoundRobinAssignor) a).assign(in.partitions(), subs);
        }
        result.forEach((m, list) -> {
            Set<TopicPartition> set = new HashSet<>();
            list.forEach(tp -> set.add(new TopicPartition(tp.topic(), tp.partition())));
            out.put(m, set);
        });
        return out;
    }

    @Test
    void rangeEqualsKafkaClients() {
        Random r = new Random(1);
        for (int i = 0; i < 500; i++) {
            Input in = randomInput(r, i % 2 == 0);
            assertThat(ours(PartitionAssignor.range(), in))
                    .as("input %s", in)
                    .isEqualTo(theirs(new RangeAssignor(), in));
        }
    }

    @Test
    void roundRobinEqualsKafkaClients() {
        Random r = new Random(2);
        for (int i = 0; i < 500; i++) {
            Input in = randomInput(r, i % 2 == 0);
            assertThat(ours(PartitionAssignor.roundRobin(), in))
                    .as("input %s", in)
                    .isEqualTo(theirs(new RoundRobinAssignor(), in));
        }
    }

    /** Rebalances a group that changes membership, as the members would report ownership. */
    @Test
    void stickyIsBalancedAndKeepsOwnersAcrossMembershipChanges() {
        for (boolean cooperative : new boolean[] {false, true}) {
            PartitionAssignor assignor =
                    cooperative ? PartitionAssignor.cooperativeSticky() : PartitionAssignor.sticky();
            Random r = new Random(cooperative ? 3 : 4);
            for (int round = 0; round < 100; round++) {
                Map<String, Integer> partitions = Map.of("a", 1 + r.nextInt(10), "b", 1 + r.nextInt(10));
                int total =
                        partitions.values().stream().mapToInt(Integer::intValue).sum();
                Map<String, List<TopicPartition>> owned = new TreeMap<>();
                int generation = 1;
                for (int m = 0; m < 1 + r.nextInt(4); m++) {
                    owned.put("m" + m, List.of());
                }
                for (int step = 0; step < 6; step++) {
                    // membership change: someone joins or leaves
                    if (r.nextBoolean() || owned.size() == 1) {
                        owned.put("m" + (10 + step), List.of());
                    } else {
                        owned.remove(owned.keySet().iterator().next());
                    }
                    Map<String, List<TopicPartition>> before = new TreeMap<>(owned);
                    Map<String, List<TopicPartition>> result =
                            rebalance(assignor, partitions, owned, generation++, cooperative);
                    if (cooperative) {
                        // no partition moves directly: a moved partition is unassigned in this round
                        result.forEach((m, list) -> list.forEach(tp -> before.forEach((other, was) -> {
                            if (!other.equals(m)) {
                                assertThat(was)
                                        .as("%s got %s directly from %s", m, tp, other)
                                        .doesNotContain(tp);
                            }
                        })));
                        owned = result;
                        result = rebalance(assignor, partitions, owned, generation++, true);
                    }
                    assertBalanced(result, total);
                    // stickiness: a member keeps min(its previous count, its share) of what it had
                    int floor = total / result.size();
                    for (Map.Entry<String, List<TopicPartition>> e : result.entrySet()) {
                        List<TopicPartition> had = before.getOrDefault(e.getKey(), List.of());
                        long kept = had.stream().filter(e.getValue()::contains).count();
                        assertThat(kept)
                                .as("%s kept of %s", e.getKey(), had)
                                .isGreaterThanOrEqualTo(Math.min(had.size(), floor));
                    }
                    owned = result;
                }
            }
        }
    }

    private static Map<String, List<TopicPartition>> rebalance(
            PartitionAssignor assignor,
            Map<String, Integer> partitions,
            Map<String, List<TopicPartition>> owned,
            int generation,
            boolean cooperative) {
        Map<String, Subscription> subs = new TreeMap<>();
        owned.forEach((m, list) -> {
            byte[] userData = assignor.subscriptionUserData(Set.of("a", "b"), list, generation - 1);
            subs.put(
                    m,
                    new Subscription(
                            List.of("a", "b"), userData, cooperative ? list : List.of(), generation - 1, null, null));
        });
        Map<String, List<TopicPartition>> out = new TreeMap<>();
        Map<String, Assignment> result = assignor.assign(partitions, subs);
        assertThat(result.keySet()).isEqualTo(subs.keySet());
        result.forEach((m, a) -> out.put(m, a.partitions()));
        return out;
    }

    private static void assertBalanced(Map<String, List<TopicPartition>> result, int total) {
        Set<TopicPartition> seen = new HashSet<>();
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (List<TopicPartition> list : result.values()) {
            for (TopicPartition tp : list) {
                assertThat(seen.add(tp))
                        .as("%s assigned twice in %s", tp, result)
                        .isTrue();
            }
            min = Math.min(min, list.size());
            max = Math.max(max, list.size());
        }
        assertThat(seen).as("all partitions assigned in %s", result).hasSize(total);
        assertThat(max - min).as("balance of %s", result).isLessThanOrEqualTo(1);
    }

    @Test
    void unequalSubscriptionsStayWithinSubscribedTopics() {
        Random r = new Random(5);
        for (PartitionAssignor a : List.of(PartitionAssignor.sticky(), PartitionAssignor.cooperativeSticky())) {
            for (int i = 0; i < 200; i++) {
                Input in = randomInput(r, false);
                Map<String, Assignment> result = a.assign(in.partitions(), in.subscriptions());
                Set<TopicPartition> seen = new HashSet<>();
                result.forEach((m, as) -> as.partitions().forEach(tp -> {
                    assertThat(in.subscriptions().get(m).topics()).contains(tp.topic());
                    assertThat(seen.add(tp)).isTrue();
                }));
                int subscribedTotal = 0;
                Set<String> subscribed = new HashSet<>();
                in.subscriptions().values().forEach(s -> subscribed.addAll(s.topics()));
                for (String t : subscribed) {
                    subscribedTotal += in.partitions().get(t);
                }
                assertThat(seen).hasSize(subscribedTotal);
            }
        }
    }

    @Test
    void stickyUserDataRoundTrips() {
        List<TopicPartition> parts = List.of(new TopicPartition("x", 2), new TopicPartition("y", 0));
        StickyAssignor.Owned owned = StickyAssignor.decodeUserData(StickyAssignor.encodeUserData(parts, 7));
        assertThat(owned.partitions()).containsExactlyInAnyOrderElementsOf(parts);
        assertThat(owned.generation()).isEqualTo(7);
        assertThat(StickyAssignor.decodeUserData(new byte[] {0x7f, 0, 0, 0}).partitions())
                .isEmpty();
    }
}
