package dev.asynckafka.spring.listener;

import static dev.asynckafka.spring.listener.ListenerTestSupport.FAST;
import static dev.asynckafka.spring.listener.ListenerTestSupport.await;
import static dev.asynckafka.spring.listener.ListenerTestSupport.committed;
import static dev.asynckafka.spring.listener.ListenerTestSupport.createTopic;
import static dev.asynckafka.spring.listener.ListenerTestSupport.produce;
import static dev.asynckafka.spring.listener.ListenerTestSupport.runner;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.context.ApplicationContext;

/**
 * Two members of one group (two application contexts) against the embedded broker: pausing across
 * a cooperative rebalance, and a revocation that gives up waiting for a record stuck in the listener.
 */
@EmbeddedAsyncKafka
@Timeout(240)
class ListenerRebalanceIT {

    private static DefaultListenerContainer container(ApplicationContext context, String id) {
        return (DefaultListenerContainer) context.getBean(DefaultAsyncKafkaListenerRegistry.class)
                .container(id)
                .orElseThrow();
    }

    /** What one member's listener saw. */
    static final class Member {
        final Map<Integer, List<Long>> offsets = new ConcurrentHashMap<>();
        final List<String> badValues = new CopyOnWriteArrayList<>();
        final AtomicInteger calls = new AtomicInteger();

        /** Records a call; returns how many calls the member has seen, this one included. */
        int add(int partition, long offset, String value) {
            // produce() writes "<partition>-<i>" as the i-th record of each partition, so i is the offset.
            if (!value.equals(partition + "-" + offset)) {
                badValues.add(value + "@" + partition + ":" + offset);
            }
            offsets.computeIfAbsent(partition, p -> Collections.synchronizedList(new ArrayList<>()))
                    .add(offset);
            return calls.incrementAndGet();
        }

        List<Long> offsets(int partition) {
            List<Long> l = offsets.get(partition);
            if (l == null) {
                return List.of();
            }
            synchronized (l) {
                return List.copyOf(l);
            }
        }

        long last(int partition) {
            List<Long> l = offsets(partition);
            return l.isEmpty() ? -1 : l.get(l.size() - 1);
        }
    }

    /** Partitions assigned to and revoked from one member's container. */
    static final class Rebalances implements ListenerObserver {
        final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();
        final List<TopicPartition> revoked = new CopyOnWriteArrayList<>();
        final AtomicLong firstRevokedAtNanos = new AtomicLong();

        @Override
        public void partitionsAssigned(ListenerContainer container, Collection<TopicPartition> partitions) {
            assigned.addAll(partitions);
        }

        /** Run on the first revocation, inside it (before the consumer gives the partitions up). */
        volatile Runnable onFirstRevocation = () -> {};

        @Override
        public void partitionsRevoked(ListenerContainer container, Collection<TopicPartition> partitions) {
            if (firstRevokedAtNanos.compareAndSet(0, System.nanoTime())) {
                onFirstRevocation.run();
            }
            revoked.addAll(partitions);
        }
    }

    private static List<Long> range(long fromInclusive, long toExclusive) {
        return LongStream.range(fromInclusive, toExclusive).boxed().toList();
    }

    // ------------------------------------------------------------------ pause across a cooperative rebalance

    static final class CoopListener {
        final Member member;
        /** The call (1-based, over all partitions) that pauses the container; 0: never. */
        final int pauseAt;
        /** Partitions of listener calls that began after pause() had returned. */
        final List<Integer> late = new CopyOnWriteArrayList<>();

        volatile boolean pauseReturned;
        volatile int pausedFrom = -1;

        CoopListener(Member member, int pauseAt) {
            this.member = member;
            this.pauseAt = pauseAt;
        }

        @AsyncKafkaListener(
                id = "coop",
                topics = "${coop.topic}",
                groupId = "${coop.topic}-group",
                properties = "partition.assignment.strategy=cooperative-sticky")
        void on(String value, @Partition int partition, @Offset long offset, ListenerContainer container) {
            if (pauseReturned) {
                late.add(partition);
            }
            if (member.add(partition, offset, value) == pauseAt) {
                // Mid-stream, from listener code: other partitions' records are in flight right now.
                container.pause();
                pausedFrom = partition;
                pauseReturned = true;
            }
        }
    }

    @Test
    void aPausedContainerStaysPausedAcrossACooperativeRebalanceAndResumesItsRemainingPartitions(
            @BootstrapServers String bootstrap) throws Exception {
        String topic = "coop-pause";
        createTopic(bootstrap, topic, 4);
        produce(bootstrap, topic, 4, 0, 300);
        Member m1 = new Member();
        Member m2 = new Member();
        CoopListener l1 = new CoopListener(m1, 100);
        CoopListener l2 = new CoopListener(m2, 0);
        Rebalances r1 = new Rebalances();
        Rebalances r2 = new Rebalances();
        Set<TopicPartition> all = Set.of(
                new TopicPartition(topic, 0),
                new TopicPartition(topic, 1),
                new TopicPartition(topic, 2),
                new TopicPartition(topic, 3));
        runner(bootstrap)
                .withPropertyValues("coop.topic=" + topic)
                .withBean(ListenerSettings.class, () -> FAST)
                .withBean(Rebalances.class, () -> r1)
                .withBean(CoopListener.class, () -> l1)
                .run(context1 -> {
                    assertThat(context1).hasNotFailed();
                    DefaultListenerContainer c1 = container(context1, "coop");
                    await("the first member paused itself", () -> l1.pauseReturned);
                    assertThat(c1.isPaused()).isTrue();
                    await("the first member's in-flight records finished", c1::isIdle);
                    // ListenerContainer.pause: records whose processing had begun finish, no other
                    // begins. A partition has at most one record in progress, and the pausing call's
                    // own partition had none besides it.
                    assertThat(l1.late).doesNotHaveDuplicates().doesNotContain(l1.pausedFrom);
                    int callsWhilePaused = m1.calls.get();
                    assertThat(callsWhilePaused)
                            .as("paused mid-stream: records were still to come")
                            .isLessThan(1200);
                    assertThat(c1.assignment()).isEqualTo(all);

                    runner(bootstrap)
                            .withPropertyValues("coop.topic=" + topic)
                            .withBean(ListenerSettings.class, () -> FAST)
                            .withBean(Rebalances.class, () -> r2)
                            .withBean(CoopListener.class, () -> l2)
                            .run(context2 -> {
                                assertThat(context2).hasNotFailed();
                                DefaultListenerContainer c2 = container(context2, "coop");
                                await("partitions moved to the second member", () -> {
                                    Set<TopicPartition> a1 = c1.assignment();
                                    Set<TopicPartition> a2 = c2.assignment();
                                    Set<TopicPartition> union = new HashSet<>(a1);
                                    union.addAll(a2);
                                    return !a1.isEmpty()
                                            && !a2.isEmpty()
                                            && union.equals(all)
                                            && a1.size() + a2.size() == all.size();
                                });
                                Set<TopicPartition> moved = c2.assignment();
                                Set<TopicPartition> kept = c1.assignment();
                                // Cooperative: the first member gave up exactly the partitions that
                                // moved and never revoked those it kept.
                                assertThat(new HashSet<>(r1.revoked)).isEqualTo(moved);
                                assertThat(r1.revoked).hasSameSizeAs(moved);
                                // Observers hear of an assignment after the container took it on.
                                await(
                                        "the second member's observer heard of its assignment",
                                        () -> r2.assigned.equals(moved));
                                assertThat(r2.assigned).isEqualTo(moved);
                                assertThat(c1.isPaused()).isTrue();
                                assertThat(c2.isPaused()).isFalse();

                                // Records keep coming for every partition while the first member is paused.
                                produce(bootstrap, topic, 4, 300, 100);
                                await(
                                        "the second member processed its partitions to the end",
                                        () -> moved.stream().allMatch(tp -> m2.last(tp.partition()) == 399));
                                // Absence must be shown: while the second member caught up, the paused
                                // one had every chance to (wrongly) run its kept partitions' records;
                                // one more fixed window of 2 s for any fetch still under way.
                                TimeUnit.SECONDS.sleep(2);
                                assertThat(m1.calls.get())
                                        .as("listener calls of the paused member")
                                        .isEqualTo(callsWhilePaused);
                                assertThat(c1.assignment()).isEqualTo(kept);

                                c1.resume();
                                await(
                                        "the first member processed its remaining partitions after resume",
                                        () -> kept.stream().allMatch(tp -> m1.last(tp.partition()) == 399));

                                assertThat(m1.badValues).isEmpty();
                                assertThat(m2.badValues).isEmpty();
                                for (TopicPartition tp : kept) {
                                    int p = tp.partition();
                                    // Paused and resumed in place: every record once, in order, by the first member.
                                    assertThat(m1.offsets(p))
                                            .as("first member, kept " + tp)
                                            .containsExactlyElementsOf(range(0, 400));
                                    assertThat(m2.offsets(p))
                                            .as("second member, " + tp)
                                            .isEmpty();
                                }
                                for (TopicPartition tp : moved) {
                                    int p = tp.partition();
                                    List<Long> before = m1.offsets(p);
                                    List<Long> after = m2.offsets(p);
                                    // Each member saw a gapless run in order; together at least every record.
                                    assertThat(before)
                                            .as("first member, moved " + tp)
                                            .containsExactlyElementsOf(range(0, before.size()));
                                    assertThat(after).as("second member, " + tp).isNotEmpty();
                                    long start = after.get(0);
                                    assertThat(after)
                                            .as("second member, " + tp)
                                            .containsExactlyElementsOf(range(start, 400));
                                    assertThat(start)
                                            .as("second member starts at or before the first member's end on " + tp)
                                            .isLessThanOrEqualTo(before.size());
                                }
                                await("everything committed", () -> {
                                    try {
                                        return committed(bootstrap, "coop-pause-group", topic)
                                                .equals(Map.of(0, 400L, 1, 400L, 2, 400L, 3, 400L));
                                    } catch (Exception e) {
                                        return false;
                                    }
                                });
                                assertThat(c1.state()).isEqualTo(ListenerContainer.State.RUNNING);
                                assertThat(c2.state()).isEqualTo(ListenerContainer.State.RUNNING);
                            });
                });
    }

    /**
     * The resume lands inside the cooperative revocation: the revoked partitions' lanes are gone but
     * the consumer still has them assigned, and gives them up right after. No partition may stay
     * paused (a silent stall) and none may be lost.
     */
    @Test
    void aResumeDuringTheCooperativeRevocationLeavesNoPartitionStalled(@BootstrapServers String bootstrap)
            throws Exception {
        String topic = "coop-resume";
        createTopic(bootstrap, topic, 4);
        produce(bootstrap, topic, 4, 0, 300);
        Member m1 = new Member();
        Member m2 = new Member();
        CoopListener l1 = new CoopListener(m1, 100);
        CoopListener l2 = new CoopListener(m2, 0);
        Rebalances r1 = new Rebalances();
        runner(bootstrap)
                .withPropertyValues("coop.topic=" + topic)
                .withBean(ListenerSettings.class, () -> FAST)
                .withBean(Rebalances.class, () -> r1)
                .withBean(CoopListener.class, () -> l1)
                .run(context1 -> {
                    assertThat(context1).hasNotFailed();
                    DefaultListenerContainer c1 = container(context1, "coop");
                    await("the first member paused itself", () -> l1.pauseReturned);
                    await("the first member's in-flight records finished", c1::isIdle);
                    List<Boolean> pausedAtRevocation = new CopyOnWriteArrayList<>();
                    r1.onFirstRevocation = () -> {
                        pausedAtRevocation.add(c1.isPaused());
                        c1.resume();
                    };
                    runner(bootstrap)
                            .withPropertyValues("coop.topic=" + topic)
                            .withBean(ListenerSettings.class, () -> FAST)
                            .withBean(CoopListener.class, () -> l2)
                            .run(context2 -> {
                                assertThat(context2).hasNotFailed();
                                DefaultListenerContainer c2 = container(context2, "coop");
                                await(
                                        "partitions moved to the second member",
                                        () -> !c2.assignment().isEmpty());
                                assertThat(pausedAtRevocation).containsExactly(true);
                                assertThat(c1.isPaused()).isFalse();
                                Set<TopicPartition> moved = c2.assignment();
                                assertThat(new HashSet<>(r1.revoked)).isEqualTo(moved);
                                produce(bootstrap, topic, 4, 300, 100);
                                await("every record processed", () -> {
                                    for (int p = 0; p < 4; p++) {
                                        Set<Long> seen = new HashSet<>(m1.offsets(p));
                                        seen.addAll(m2.offsets(p));
                                        if (!seen.containsAll(range(0, 400))) {
                                            return false;
                                        }
                                    }
                                    return true;
                                });
                                for (int p = 0; p < 4; p++) {
                                    TopicPartition tp = new TopicPartition(topic, p);
                                    List<Long> first = m1.offsets(p);
                                    List<Long> second = m2.offsets(p);
                                    if (moved.contains(tp)) {
                                        assertThat(first)
                                                .as("first member, moved " + tp)
                                                .containsExactlyElementsOf(range(0, first.size()));
                                        assertThat(second)
                                                .as("second member, " + tp)
                                                .containsExactlyElementsOf(range(second.get(0), 400));
                                    } else {
                                        assertThat(first)
                                                .as("first member, kept " + tp)
                                                .containsExactlyElementsOf(range(0, 400));
                                        assertThat(second)
                                                .as("second member, " + tp)
                                                .isEmpty();
                                    }
                                }
                                assertThat(m1.badValues).isEmpty();
                                assertThat(m2.badValues).isEmpty();
                            });
                });
    }

    // ------------------------------------------------------------------ revocation gives up waiting

    static final class StuckListener {
        final Member member;
        final boolean blockFirstRecords;
        final CountDownLatch entered = new CountDownLatch(2);
        final CountDownLatch release = new CountDownLatch(1);
        /** Partitions whose blocked first record returned from the listener. */
        final Set<Integer> returned = ConcurrentHashMap.newKeySet();

        StuckListener(Member member, boolean blockFirstRecords) {
            this.member = member;
            this.blockFirstRecords = blockFirstRecords;
        }

        // Rebalance timeout 8 s: the container waits 8 s - min(8 s / 4, 5 s) = 6 s for in-flight records.
        @AsyncKafkaListener(
                id = "stuck",
                topics = "revoke-wait",
                groupId = "revoke-wait-group",
                properties = {"partition.assignment.strategy=cooperative-sticky", "rebalance.timeout.ms=8000"})
        void on(String value, @Partition int partition, @Offset long offset) throws InterruptedException {
            member.add(partition, offset, value);
            if (blockFirstRecords && offset == 0) {
                entered.countDown();
                release.await();
                returned.add(partition);
            }
        }
    }

    @Test
    void aRevocationGivesUpOnAStuckRecordWhichTheNewOwnerProcessesAgain(@BootstrapServers String bootstrap)
            throws Exception {
        String topic = "revoke-wait";
        String group = "revoke-wait-group";
        Duration revokeWait = Duration.ofSeconds(6);
        createTopic(bootstrap, topic, 2);
        produce(bootstrap, topic, 2, 0, 20);
        Member m1 = new Member();
        Member m2 = new Member();
        StuckListener l1 = new StuckListener(m1, true);
        StuckListener l2 = new StuckListener(m2, false);
        Rebalances r1 = new Rebalances();
        Rebalances r2 = new Rebalances();
        runner(bootstrap)
                .withBean(ListenerSettings.class, () -> FAST)
                .withBean(Rebalances.class, () -> r1)
                .withBean(StuckListener.class, () -> l1)
                .run(context1 -> {
                    assertThat(context1).hasNotFailed();
                    DefaultListenerContainer c1 = container(context1, "stuck");
                    assertThat(l1.entered.await(60, TimeUnit.SECONDS))
                            .as("both partitions' first records in the listener")
                            .isTrue();
                    // The revocation cannot begin before the second member exists.
                    long secondMemberStarting = System.nanoTime();
                    runner(bootstrap)
                            .withBean(ListenerSettings.class, () -> FAST)
                            .withBean(Rebalances.class, () -> r2)
                            .withBean(StuckListener.class, () -> l2)
                            .run(context2 -> {
                                assertThat(context2).hasNotFailed();
                                DefaultListenerContainer c2 = container(context2, "stuck");
                                await("a partition revoked from the first member", () -> !r1.revoked.isEmpty());
                                // The revocation completed while both records are still in the listener:
                                // the container gave up waiting for the stuck one ...
                                assertThat(l1.returned).isEmpty();
                                assertThat(r1.revoked).hasSize(1);
                                TopicPartition p = r1.revoked.get(0);
                                TopicPartition q = new TopicPartition(topic, 1 - p.partition());
                                // ... after its revocation wait (a lower bound, whatever the machine's speed).
                                assertThat(Duration.ofNanos(r1.firstRevokedAtNanos.get() - secondMemberStarting))
                                        .isGreaterThanOrEqualTo(revokeWait);

                                // The rebalance completes: the new owner processes P from the committed
                                // offset, the stuck record included (at least once).
                                await(
                                        "the second member owns " + p,
                                        () -> c2.assignment().equals(Set.of(p)));
                                await("the second member processed " + p, () -> m2.last(p.partition()) == 19);
                                assertThat(m2.offsets(p.partition())).containsExactlyElementsOf(range(0, 20));
                                assertThat(m2.offsets(q.partition())).isEmpty();
                                assertThat(c1.assignment()).isEqualTo(Set.of(q));
                                assertThat(c1.state()).isEqualTo(ListenerContainer.State.RUNNING);
                                await(
                                        "the second member committed " + p,
                                        () -> committedOf(bootstrap, group, p) == 20L);
                                assertThat(l1.returned).isEmpty();

                                l1.release.countDown();
                                await("the first member finished " + q, () -> m1.last(q.partition()) == 19);
                                await(
                                        "the stuck record of " + p + " returned",
                                        () -> l1.returned.contains(p.partition()));
                                // The old container ran nothing of P but the stuck record: no later record
                                // of P, in or out of order, while the new owner had it.
                                assertThat(m1.offsets(p.partition())).containsExactly(0L);
                                assertThat(m1.offsets(q.partition())).containsExactlyElementsOf(range(0, 20));
                                assertThat(m1.badValues).isEmpty();
                                assertThat(m2.badValues).isEmpty();

                                // Stopping the first member commits everything it will ever commit
                                // (periodic and revocation commits are over once it is stopped).
                                context1.getBean(DefaultAsyncKafkaListenerRegistry.class)
                                        .stop("stuck");
                                assertThat(c1.state()).isEqualTo(ListenerContainer.State.STOPPED);
                                assertThat(c1.failure()).isNull();
                                // The late return of P's stuck record committed nothing for P: the new
                                // owner's offset stands.
                                assertThat(committed(bootstrap, group, topic))
                                        .isEqualTo(Map.of(p.partition(), 20L, q.partition(), 20L));

                                // Q moves to the second member, from the first member's commit: nothing again.
                                await(
                                        "the second member owns both",
                                        () -> c2.assignment().equals(Set.of(p, q)));
                                produce(bootstrap, topic, 2, 20, 1);
                                await(
                                        "the second member processed the new records",
                                        () -> m2.last(p.partition()) == 20 && m2.last(q.partition()) == 20);
                                assertThat(m2.offsets(q.partition())).containsExactly(20L);
                                assertThat(m2.offsets(p.partition())).containsExactlyElementsOf(range(0, 21));
                                assertThat(m1.offsets(p.partition())).containsExactly(0L);
                            });
                });
    }

    private static long committedOf(String bootstrap, String group, TopicPartition tp) {
        try {
            Long offset = committed(bootstrap, group, tp.topic()).get(tp.partition());
            return offset == null ? -1 : offset;
        } catch (Exception e) {
            return -2;
        }
    }
}
