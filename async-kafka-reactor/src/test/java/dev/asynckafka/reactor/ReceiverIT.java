package dev.asynckafka.reactor;

import static dev.asynckafka.reactor.TestKafka.committed;
import static dev.asynckafka.reactor.TestKafka.consumerOptions;
import static dev.asynckafka.reactor.TestKafka.fill;
import static dev.asynckafka.reactor.TestKafka.receiverOptions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.ConsumerMetrics;
import dev.asynckafka.consumer.ConsumerOptions;
import dev.asynckafka.consumer.ConsumerRecord;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.GroupedFlux;
import reactor.test.StepVerifier;

/** The receiver against a real broker: demand per partition, acknowledgements, cancel and resume. */
@EmbeddedAsyncKafka(
        shared = true,
        topics = {"demand"},
        partitions = 8)
@Timeout(120)
class ReceiverIT {
    private static final int PER_PARTITION = 400;
    private static final String PADDING = "x".repeat(500);
    private static final int PARTITION_BUFFER = 32 * 1024;
    private static final int PARTITION_FETCH = 16 * 1024;

    @Test
    void requestTenOnOnePartitionHandsOutTenAndBoundsItsBufferWhileSevenOthersDrain(@BootstrapServers String bootstrap)
            throws Exception {
        fill(bootstrap, "demand", 8, PER_PARTITION, PADDING);
        TopicPartition slowTp = new TopicPartition("demand", 0);
        KafkaReceiver<String, String> receiver =
                KafkaReceiver.create(receiverOptions(consumerOptions(bootstrap, "demand-group")
                                .partitionBufferBytes(PARTITION_BUFFER)
                                .maxPartitionFetchBytes(PARTITION_FETCH)
                                .totalBufferBytes(8L * PARTITION_BUFFER)
                                .build())
                        .subscription(List.of("demand"))
                        .build());
        CompletableFuture<GroupedFlux<TopicPartition, ReceiverRecord<String, String>>> slow = new CompletableFuture<>();
        CountDownLatch othersDrained = new CountDownLatch(7);
        Map<Integer, List<Long>> offsets = new ConcurrentHashMap<>();
        AtomicLong maxSlowBuffered = new AtomicLong();
        Disposable outer = receiver.receivePartitions().subscribe(partition -> {
            if (partition.key().equals(slowTp)) {
                slow.complete(partition);
                return;
            }
            List<Long> seen = offsets.computeIfAbsent(partition.key().partition(), p -> new CopyOnWriteArrayList<>());
            partition.subscribe(r -> {
                seen.add(r.offset());
                r.acknowledge();
                if (seen.size() % 20 == 0) {
                    receiver.doOnConsumer(c -> c.metrics(slowTp))
                            .subscribe(m ->
                                    m.ifPresent(pm -> maxSlowBuffered.accumulateAndGet(pm.bufferedBytes(), Math::max)));
                }
                if (seen.size() == PER_PARTITION) {
                    othersDrained.countDown();
                }
            });
        });
        try {
            List<Long> slowOffsets = new ArrayList<>();
            StepVerifier.create(slow.get(60, TimeUnit.SECONDS), 0)
                    .expectSubscription()
                    .expectNoEvent(Duration.ofMillis(200))
                    .thenRequest(10)
                    .recordWith(ArrayList::new)
                    .expectNextCount(10)
                    .consumeRecordedWith(rs -> rs.forEach(r -> slowOffsets.add(r.offset())))
                    .then(() -> await(othersDrained))
                    // Nothing more is handed out without demand, however long the others ran.
                    .expectNoEvent(Duration.ofMillis(500))
                    .then(() -> {
                        ConsumerMetrics.PartitionMetrics m = receiver.doOnConsumer(c -> c.metrics(slowTp))
                                .block()
                                .orElseThrow();
                        assertThat(m.position()).as("handed out exactly 10").isEqualTo(10);
                        // Its buffer is bounded: at most the partition bound, one fetch and one batch
                        // over it; and it did not fetch the partition to its end.
                        long bound = PARTITION_BUFFER + PARTITION_FETCH + 16 * 1024;
                        assertThat(m.bufferedBytes()).isLessThanOrEqualTo(bound);
                        assertThat(maxSlowBuffered.get()).isLessThanOrEqualTo(bound);
                        assertThat(m.position() + m.bufferedRecords()).isLessThan(PER_PARTITION);
                    })
                    .thenCancel()
                    .verify(Duration.ofSeconds(90));
            assertThat(slowOffsets).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
            assertThat(offsets).hasSize(7);
            for (List<Long> seen : offsets.values()) {
                assertThat(seen).hasSize(PER_PARTITION).isSorted().doesNotHaveDuplicates();
            }
        } finally {
            outer.dispose();
        }
    }

    @Test
    void commitsOnlyTheContiguousAcknowledgedPrefix(@BootstrapServers String bootstrap) throws Exception {
        String topic = "acks";
        createAndFill(bootstrap, topic, 1, 20);
        TopicPartition tp = new TopicPartition(topic, 0);
        KafkaReceiver<String, String> receiver = KafkaReceiver.create(
                receiverOptions(consumerOptions(bootstrap, "acks-group").build())
                        .subscription(List.of(topic))
                        .commitInterval(Duration.ZERO)
                        .build());
        Collector<ReceiverRecord<String, String>> c = new Collector<>();
        receiver.receive().subscribe(c);
        try {
            c.request(20);
            List<ReceiverRecord<String, String>> rs = c.take(20);
            assertThat(rs).extracting(ReceiverRecord::offset).containsExactly(range(0, 20));
            for (int i : new int[] {0, 1, 2, 5, 6, 7}) {
                rs.get(i).acknowledge();
            }
            rs.get(9).receiverOffset().commit().block(Duration.ofSeconds(30));
            assertThat(committed(bootstrap, "acks-group")).containsEntry(tp, 3L);
            rs.get(3).acknowledge();
            rs.get(4).receiverOffset().commit().block(Duration.ofSeconds(30));
            assertThat(committed(bootstrap, "acks-group")).containsEntry(tp, 8L);
            rs.get(8).acknowledge();
            rs.get(19).receiverOffset().commit().block(Duration.ofSeconds(30));
            assertThat(committed(bootstrap, "acks-group")).containsEntry(tp, 10L);
            for (int i = 10; i < 19; i++) {
                rs.get(i).acknowledge();
            }
        } finally {
            c.dispose();
        }
        // Cancelling commits what was acknowledged since, before the consumer leaves.
        awaitCommitted(() -> committed(bootstrap, "acks-group"), tp, 20L);
    }

    /**
     * Options with the core's auto-commit on (its default) work, and only acknowledged records are
     * committed: the receiver turned auto-commit off, which would otherwise commit all 10 handed out.
     */
    @Test
    void autoCommitOnInTheConsumerOptionsIsTurnedOff(@BootstrapServers String bootstrap) throws Exception {
        String topic = "auto-commit-off";
        String group = "auto-commit-off-group";
        createAndFill(bootstrap, topic, 1, 10);
        TopicPartition tp = new TopicPartition(topic, 0);
        ConsumerOptions options = consumerOptions(bootstrap, group)
                .enableAutoCommit(true)
                .autoCommitInterval(Duration.ofMillis(50))
                .build();
        ReceiverOptions<String, String> ro =
                receiverOptions(options).subscription(List.of(topic)).build();
        assertThat(ro.consumerOptions().enableAutoCommit()).isFalse();
        KafkaReceiver<String, String> receiver = KafkaReceiver.create(ro);
        Collector<ReceiverRecord<String, String>> c = new Collector<>();
        receiver.receive().subscribe(c);
        try {
            c.request(10);
            List<ReceiverRecord<String, String>> rs = c.take(10);
            for (int i = 0; i < 3; i++) {
                rs.get(i).acknowledge();
            }
        } finally {
            c.dispose();
        }
        awaitNoMembers(bootstrap, group);
        assertThat(committed(bootstrap, group)).containsEntry(tp, 3L);
    }

    @Test
    void cancelThenResubscribeLosesNothingAndRepeatsOnlyUnacknowledged(@BootstrapServers String bootstrap)
            throws Exception {
        String topic = "resume";
        createAndFill(bootstrap, topic, 3, 100);
        ReceiverOptions<String, String> options = receiverOptions(
                        consumerOptions(bootstrap, "resume-group").build())
                .subscription(List.of(topic))
                .commitInterval(Duration.ZERO) // only revocation and close commit
                .maxRecords(37)
                .build();
        KafkaReceiver<String, String> receiver = KafkaReceiver.create(options);

        Collector<ReceiverRecord<String, String>> first = new Collector<>();
        receiver.receive().subscribe(first);
        first.request(150);
        List<ReceiverRecord<String, String>> firstRecords = first.take(150);
        Set<String> unacknowledged = new HashSet<>();
        for (int i = 0; i < firstRecords.size(); i++) {
            // Records of a partition come in offset order, so the first 100 are a prefix of each.
            if (i < 100) {
                firstRecords.get(i).acknowledge();
            } else {
                unacknowledged.add(id(firstRecords.get(i)));
            }
        }
        first.dispose(); // mid-stream: the topic holds 300

        Collector<ReceiverRecord<String, String>> second = new Collector<>();
        receiver.receive().subscribe(second);
        second.request(Long.MAX_VALUE);
        List<ReceiverRecord<String, String>> secondRecords = new ArrayList<>(second.take(200));
        secondRecords.addAll(second.drainFor(Duration.ofMillis(500)));
        second.dispose();

        Set<String> firstIds = ids(firstRecords);
        List<String> secondIds = secondRecords.stream().map(ReceiverIT::id).toList();
        assertThat(secondIds).doesNotHaveDuplicates().hasSize(200);
        Set<String> all = new HashSet<>(firstIds);
        all.addAll(secondIds);
        assertThat(all).as("nothing lost").hasSize(300);
        Set<String> repeated = new HashSet<>(secondIds);
        repeated.retainAll(firstIds);
        assertThat(repeated).as("repeated exactly the unacknowledged").isEqualTo(unacknowledged);
    }

    @Test
    void atMostOnceCommitsBeforeHandingOut(@BootstrapServers String bootstrap) throws Exception {
        String topic = "amo";
        createAndFill(bootstrap, topic, 1, 10);
        TopicPartition tp = new TopicPartition(topic, 0);
        KafkaReceiver<String, String> receiver = KafkaReceiver.create(
                // A session far longer than the wait below: only a LeaveGroup empties the group in time.
                receiverOptions(consumerOptions(bootstrap, "amo-group")
                                .sessionTimeout(Duration.ofSeconds(45))
                                .build())
                        .subscription(List.of(topic))
                        .build());
        Collector<ConsumerRecord<String, String>> first = new Collector<>();
        receiver.receiveAtMostOnce().subscribe(first);
        first.request(4);
        assertThat(first.take(4)).extracting(ConsumerRecord::offset).containsExactly(0L, 1L, 2L, 3L);
        assertThat(committed(bootstrap, "amo-group")).containsEntry(tp, 4L);
        first.dispose();
        awaitNoMembers(bootstrap, "amo-group");

        Collector<ConsumerRecord<String, String>> second = new Collector<>();
        receiver.receiveAtMostOnce().subscribe(second);
        second.request(100);
        assertThat(second.take(6)).extracting(ConsumerRecord::offset).containsExactly(range(4, 10));
        assertThat(second.drainFor(Duration.ofMillis(300))).isEmpty();
        second.dispose();
    }

    @Test
    void revocationCommitsAcknowledgedOffsetsBeforeItsEvent(@BootstrapServers String bootstrap) throws Exception {
        String topic = "events";
        createAndFill(bootstrap, topic, 2, 50);
        ReceiverOptions<String, String> options = receiverOptions(
                        consumerOptions(bootstrap, "events-group").build())
                .subscription(List.of(topic))
                .commitInterval(Duration.ZERO)
                .build();
        KafkaReceiver<String, String> a = KafkaReceiver.create(options);
        List<RebalanceEvent> events = new CopyOnWriteArrayList<>();
        List<Map<TopicPartition, Long>> committedAtRevocation = new CopyOnWriteArrayList<>();
        CountDownLatch assigned = new CountDownLatch(1);
        CountDownLatch revoked = new CountDownLatch(1);
        Disposable eventSubscription = a.rebalanceEvents().subscribe(e -> {
            events.add(e);
            if (e.type() == RebalanceEvent.Type.ASSIGNED && e.partitions().size() == 2) {
                assigned.countDown();
            }
            if (e.type() == RebalanceEvent.Type.REVOKED && revoked.getCount() > 0) {
                try {
                    committedAtRevocation.add(committed(bootstrap, "events-group"));
                } catch (Exception ex) {
                    throw new AssertionError(ex);
                }
                revoked.countDown();
            }
        });
        Collector<ReceiverRecord<String, String>> c = new Collector<>();
        a.receive().subscribe(c);
        KafkaReceiver<String, String> b = KafkaReceiver.create(options);
        Disposable other = null;
        try {
            await(assigned);
            c.request(30);
            List<ReceiverRecord<String, String>> rs = c.take(30);
            rs.forEach(ReceiverRecord::acknowledge);
            Map<TopicPartition, Long> expected = new java.util.HashMap<>();
            for (ReceiverRecord<String, String> r : rs) {
                expected.merge(r.topicPartition(), r.offset() + 1, Math::max);
            }
            other = b.receive().subscribe(r -> {});
            await(revoked);
            assertThat(committedAtRevocation.get(0)).isEqualTo(expected);
            assertThat(events.get(0).type()).isEqualTo(RebalanceEvent.Type.ASSIGNED);
        } finally {
            c.dispose();
            if (other != null) {
                other.dispose();
            }
            eventSubscription.dispose();
        }
    }

    @Test
    void autoAckCommitsWhatWasHandedOut(@BootstrapServers String bootstrap) throws Exception {
        String topic = "autoack";
        createAndFill(bootstrap, topic, 1, 10);
        TopicPartition tp = new TopicPartition(topic, 0);
        KafkaReceiver<String, String> receiver = KafkaReceiver.create(
                receiverOptions(consumerOptions(bootstrap, "autoack-group").build())
                        .assignment(List.of(tp))
                        .commitInterval(Duration.ZERO)
                        .build());
        StepVerifier.create(receiver.receiveAutoAck(), 6)
                .expectNextCount(6)
                .thenCancel()
                .verify(Duration.ofSeconds(60));
        awaitCommitted(() -> committed(bootstrap, "autoack-group"), tp, 6L);
    }

    @Test
    void partitionFluxesCompleteOnRevocationAfterTheirAcknowledgedOffsetsWereCommitted(
            @BootstrapServers String bootstrap) throws Exception {
        String topic = "revoke";
        createAndFill(bootstrap, topic, 2, 20);
        ReceiverOptions<String, String> options = receiverOptions(
                        consumerOptions(bootstrap, "revoke-group").build())
                .subscription(List.of(topic))
                .commitInterval(Duration.ZERO)
                .build();
        KafkaReceiver<String, String> a = KafkaReceiver.create(options);
        Map<TopicPartition, List<Long>> received = new ConcurrentHashMap<>();
        CountDownLatch bothPartitions = new CountDownLatch(2);
        CountDownLatch innerCompleted = new CountDownLatch(2);
        AtomicInteger assignedFluxes = new AtomicInteger();
        Disposable outer = a.receivePartitions().subscribe(partition -> {
            if (assignedFluxes.incrementAndGet() > 2) {
                return; // after the rebalance: not consumed
            }
            List<Long> offsets = received.computeIfAbsent(partition.key(), k -> new CopyOnWriteArrayList<>());
            bothPartitions.countDown();
            // 8 records of each partition, the first 5 acknowledged; then no more demand.
            partition.subscribe(new BaseSubscriber<ReceiverRecord<String, String>>() {
                @Override
                protected void hookOnSubscribe(Subscription subscription) {
                    subscription.request(8);
                }

                @Override
                protected void hookOnNext(ReceiverRecord<String, String> r) {
                    offsets.add(r.offset());
                    if (r.offset() < 5) {
                        r.acknowledge();
                    }
                }

                @Override
                protected void hookOnComplete() {
                    innerCompleted.countDown();
                }
            });
        });
        Disposable other = null;
        try {
            await(bothPartitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (received.values().stream().mapToInt(List::size).sum() < 16 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            CountDownLatch revoked = new CountDownLatch(1);
            Disposable events = a.rebalanceEvents()
                    .filter(e -> e.type() == RebalanceEvent.Type.REVOKED)
                    .subscribe(e -> revoked.countDown());
            KafkaReceiver<String, String> b = KafkaReceiver.create(options);
            other = b.receive().subscribe(r -> {});
            await(revoked);
            events.dispose();
            await(innerCompleted);
            Map<TopicPartition, Long> committedNow = committed(bootstrap, "revoke-group");
            assertThat(committedNow)
                    .containsEntry(new TopicPartition(topic, 0), 5L)
                    .containsEntry(new TopicPartition(topic, 1), 5L);
        } finally {
            outer.dispose();
            if (other != null) {
                other.dispose();
            }
        }
        assertThat(received.values()).allSatisfy(offsets -> assertThat(offsets).hasSize(8));
    }

    @Test
    void aSecondActiveFluxIsRefused(@BootstrapServers String bootstrap) throws Exception {
        KafkaReceiver<String, String> receiver = KafkaReceiver.create(
                receiverOptions(consumerOptions(bootstrap, null).build())
                        .assignment(List.of(new TopicPartition("demand", 1)))
                        .build());
        Disposable first = receiver.receive().subscribe();
        try {
            StepVerifier.create(receiver.receive())
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("already has an active Flux"))
                    .verify(Duration.ofSeconds(10));
        } finally {
            first.dispose();
        }
        StepVerifier.create(receiver.receiveAtMostOnce())
                .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("set group.id"))
                .verify(Duration.ofSeconds(10));
    }

    private static void createAndFill(String bootstrap, String topic, int partitions, int perPartition)
            throws Exception {
        java.util.Properties p = new java.util.Properties();
        p.put("bootstrap.servers", bootstrap);
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(p)) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        fill(bootstrap, topic, partitions, perPartition, "");
    }

    private static void awaitCommitted(
            ThrowingSupplier<Map<TopicPartition, Long>> committed, TopicPartition tp, long expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Map<TopicPartition, Long> last = committed.get();
        while (!Long.valueOf(expected).equals(last.get(tp)) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            last = committed.get();
        }
        assertThat(last).containsEntry(tp, expected);
    }

    /** The cancelled Flux's consumer left the group (rather than timing out of it). */
    private static void awaitNoMembers(String bootstrap, String group) throws Exception {
        java.util.Properties p = new java.util.Properties();
        p.put("bootstrap.servers", bootstrap);
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(p)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            int members;
            do {
                members = admin.describeConsumerGroups(List.of(group))
                        .all()
                        .get(30, TimeUnit.SECONDS)
                        .get(group)
                        .members()
                        .size();
                Thread.sleep(50);
            } while (members > 0 && System.nanoTime() < deadline);
            assertThat(members).as("members of " + group + " after the cancel").isZero();
        }
    }

    interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(60, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Long[] range(long from, long to) {
        Long[] out = new Long[(int) (to - from)];
        for (int i = 0; i < out.length; i++) {
            out[i] = from + i;
        }
        return out;
    }

    private static String id(ReceiverRecord<String, String> r) {
        return r.topicPartition() + "@" + r.offset();
    }

    private static Set<String> ids(List<ReceiverRecord<String, String>> rs) {
        Set<String> out = new HashSet<>();
        rs.forEach(r -> out.add(id(r)));
        return out;
    }
}
