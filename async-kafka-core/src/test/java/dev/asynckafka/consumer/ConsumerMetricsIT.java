package dev.asynckafka.consumer;

import static dev.asynckafka.consumer.ConsumerTestSupport.await;
import static dev.asynckafka.consumer.ConsumerTestSupport.options;
import static dev.asynckafka.consumer.ConsumerTestSupport.producer;
import static dev.asynckafka.consumer.ConsumerTestSupport.stringConsumer;
import static dev.asynckafka.consumer.ConsumerTestSupport.tp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.TestWaits;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.ConsumerMetrics.GroupState;
import dev.asynckafka.consumer.ConsumerMetrics.PartitionMetrics;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link AsyncKafkaConsumer#metrics()} against the real broker: the snapshot tracks the consumer's real state. */
@EmbeddedAsyncKafka(
        shared = true,
        topics = {"lag", "commits", "members", "groupless"},
        partitions = 4,
        brokerProperties = {"group.initial.rebalance.delay.ms=0", "group.min.session.timeout.ms=1000"})
@Timeout(180)
class ConsumerMetricsIT {
    private static final int PER_PARTITION = 100;

    private static void fill(String bootstrap, String topic, int partitions) throws Exception {
        try (KafkaProducer<String, String> p = producer(bootstrap, Map.of())) {
            for (int part = 0; part < partitions; part++) {
                for (int i = 0; i < PER_PARTITION; i++) {
                    p.send(new ProducerRecord<>(topic, part, "k" + i, "v" + i));
                }
            }
            p.flush();
        }
    }

    private static ConsumerOptions group(String bootstrap, String groupId) {
        return options(bootstrap)
                .groupId(groupId)
                .sessionTimeout(Duration.ofSeconds(6))
                .heartbeatInterval(Duration.ofMillis(300))
                .rebalanceTimeout(Duration.ofSeconds(10))
                .enableAutoCommit(false)
                .build();
    }

    /** Takes exactly {@code count} records from the partition. */
    private static void take(AsyncKafkaConsumer<String, String> c, TopicPartition tp, int count) throws Exception {
        int taken = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (taken < count) {
            assertThat(System.nanoTime())
                    .as("taking %d records from %s", count, tp)
                    .isLessThan(deadline);
            taken += await(c.getMany(Set.of(tp), Duration.ofMillis(500), count - taken))
                    .count();
        }
    }

    private static PartitionMetrics partition(AsyncKafkaConsumer<?, ?> c, TopicPartition tp) {
        PartitionMetrics m = c.metrics().partitions().get(tp);
        assertThat(m).as("metrics of %s", tp).isNotNull();
        return m;
    }

    @Test
    void lagIsHighWatermarkMinusPositionAndReachesZero(@BootstrapServers String bootstrap) throws Exception {
        fill(bootstrap, "lag", 2);
        try (AsyncKafkaConsumer<String, String> c = stringConsumer(group(bootstrap, "lag-group"))) {
            c.subscribe(List.of("lag"));
            TestWaits.waitFor(
                    "four partitions assigned", () -> c.metrics().assignment().size() == 4);
            TopicPartition p0 = tp("lag", 0);
            TopicPartition p1 = tp("lag", 1);
            TopicPartition empty = tp("lag", 2);
            // Prefetch fills the buffers without any getMany: everything fetched and decoded.
            TestWaits.waitFor(
                    "partition 0 prefetched",
                    () -> c.metrics(p0)
                            .map(m -> m.bufferedRecords() == PER_PARTITION)
                            .orElse(false));
            PartitionMetrics before = partition(c, p0);
            assertThat(before.position()).isZero();
            assertThat(before.highWatermark()).isEqualTo(PER_PARTITION);
            assertThat(before.lag()).isEqualTo(PER_PARTITION);
            assertThat(before.bufferedBytes()).isPositive();
            assertThat(before.committedOffset()).isEqualTo(-1);
            assertThat(before.committedLag()).isEqualTo(-1);

            take(c, p0, 30);
            PartitionMetrics mid = partition(c, p0);
            assertThat(mid.position()).isEqualTo(30).isEqualTo(await(c.position(p0)));
            assertThat(mid.highWatermark()).isEqualTo(PER_PARTITION);
            assertThat(mid.lag()).isEqualTo(PER_PARTITION - 30);
            assertThat(mid.bufferedRecords()).isEqualTo(PER_PARTITION - 30);
            // Untouched partition 1 still lags by everything.
            TestWaits.waitFor(
                    "partition 1 fetched",
                    () -> c.metrics(p1)
                            .map(m -> m.highWatermark() == PER_PARTITION)
                            .orElse(false));
            assertThat(partition(c, p1).lag()).isEqualTo(PER_PARTITION);

            take(c, p0, PER_PARTITION - 30);
            take(c, p1, PER_PARTITION);
            for (TopicPartition tp : List.of(p0, p1)) {
                PartitionMetrics done = partition(c, tp);
                assertThat(done.position()).isEqualTo(PER_PARTITION);
                assertThat(done.lag()).as("lag of %s", tp).isZero();
                assertThat(done.bufferedRecords()).isZero();
                assertThat(done.bufferedBytes()).isZero();
            }
            // An empty partition: position 0 and, once fetched, high watermark 0.
            TestWaits.waitFor(
                    "empty partition fetched",
                    () -> c.metrics(empty).map(m -> m.highWatermark() == 0).orElse(false));
            assertThat(partition(c, empty).lag()).isZero();
        }
    }

    @Test
    void committedOffsetReflectsCommitsAndIsFetchedOnAssignment(@BootstrapServers String bootstrap) throws Exception {
        fill(bootstrap, "commits", 1);
        TopicPartition p0 = tp("commits", 0);
        try (AsyncKafkaConsumer<String, String> c = stringConsumer(group(bootstrap, "commit-group"))) {
            c.subscribe(List.of("commits"));
            TestWaits.waitFor(
                    "partition 0 assigned", () -> c.metrics().assignment().contains(p0));
            take(c, p0, 40);
            assertThat(partition(c, p0).committedOffset()).isEqualTo(-1);
            await(c.commit(Map.of(p0, new OffsetAndMetadata(25))));
            PartitionMetrics m = partition(c, p0);
            assertThat(m.committedOffset()).isEqualTo(25);
            TestWaits.waitFor("high watermark known", () -> partition(c, p0).highWatermark() == PER_PARTITION);
            assertThat(partition(c, p0).committedLag()).isEqualTo(PER_PARTITION - 25);
            await(c.commit());
            assertThat(partition(c, p0).committedOffset()).isEqualTo(40);
            await(c.closeAsync(Duration.ofSeconds(30)));
        }
        // A new member of the group learns the committed offset when the partition is assigned.
        try (AsyncKafkaConsumer<String, String> c = stringConsumer(group(bootstrap, "commit-group"))) {
            c.subscribe(List.of("commits"));
            TestWaits.waitFor(
                    "position from the committed offset",
                    () -> c.metrics(p0).map(m -> m.position() == 40).orElse(false));
            assertThat(partition(c, p0).committedOffset()).isEqualTo(40);
        }
    }

    @Test
    void rebalancesCountAndRevokedPartitionsLeaveTheSnapshot(@BootstrapServers String bootstrap) throws Exception {
        try (AsyncKafkaConsumer<String, String> a = stringConsumer(group(bootstrap, "members-group"))) {
            ConsumerMetrics initial = a.metrics();
            assertThat(initial.groupId()).isEqualTo("members-group");
            assertThat(initial.groupState()).isEqualTo(GroupState.UNJOINED);
            assertThat(initial.rebalances()).isZero();
            assertThat(initial.generation()).isEqualTo(-1);
            assertThat(initial.lastAssignmentEpochMs()).isEqualTo(-1);

            long beforeJoin = System.currentTimeMillis();
            a.subscribe(List.of("members"));
            TestWaits.waitFor(
                    "a owns all four partitions",
                    () -> a.metrics().assignment().size() == 4 && a.metrics().groupState() == GroupState.STABLE);
            ConsumerMetrics alone = a.metrics();
            assertThat(alone.rebalances()).isEqualTo(1);
            assertThat(alone.rebalanceInProgress()).isFalse();
            assertThat(alone.generation()).isGreaterThanOrEqualTo(1);
            assertThat(alone.memberId()).isNotEmpty();
            assertThat(alone.lastRebalanceDuration()).isPositive();
            assertThat(alone.rebalanceTimeTotal()).isEqualTo(alone.lastRebalanceDuration());
            assertThat(alone.lastAssignmentEpochMs()).isGreaterThanOrEqualTo(beforeJoin);
            assertThat(alone.assignment()).isEqualTo(a.assignment());

            try (AsyncKafkaConsumer<String, String> b = stringConsumer(group(bootstrap, "members-group"))) {
                b.subscribe(List.of("members"));
                TestWaits.waitFor(
                        "a and b share the partitions",
                        () -> b.metrics().groupState() == GroupState.STABLE
                                && a.metrics().groupState() == GroupState.STABLE
                                && a.metrics().assignment().size() == 2
                                && b.metrics().assignment().size() == 2);
                ConsumerMetrics shared = a.metrics();
                assertThat(shared.rebalances()).isGreaterThan(alone.rebalances());
                assertThat(shared.generation()).isGreaterThan(alone.generation());
                assertThat(shared.rebalanceTimeTotal()).isGreaterThan(alone.rebalanceTimeTotal());
                assertThat(shared.lastAssignmentEpochMs()).isGreaterThanOrEqualTo(alone.lastAssignmentEpochMs());
                assertThat(b.metrics().rebalances()).isGreaterThanOrEqualTo(1);
                // What a lost to b is gone from a's snapshot, per partition too.
                Set<TopicPartition> revoked = new HashSet<>(alone.assignment());
                revoked.removeAll(shared.assignment());
                assertThat(revoked).hasSize(2).isEqualTo(b.metrics().assignment());
                for (TopicPartition tp : revoked) {
                    assertThat(shared.partitions()).doesNotContainKey(tp);
                    assertThat(a.metrics(tp)).isEmpty();
                }
                assertThat(shared.assignment()).isEqualTo(a.assignment());
            }
        }
    }

    @Test
    void consumerWithoutGroupHasNoGroupState(@BootstrapServers String bootstrap) throws Exception {
        fill(bootstrap, "groupless", 1);
        TopicPartition p0 = tp("groupless", 0);
        try (AsyncKafkaConsumer<String, String> c =
                stringConsumer(options(bootstrap).build())) {
            long beforeAssign = System.currentTimeMillis();
            c.assign(List.of(p0));
            TestWaits.waitFor("assigned", () -> c.metrics().assignment().equals(Set.of(p0)));
            ConsumerMetrics m = c.metrics();
            assertThat(m.groupId()).isNull();
            assertThat(m.groupState()).isEqualTo(GroupState.NONE);
            assertThat(m.generation()).isEqualTo(-1);
            assertThat(m.lastAssignmentEpochMs()).isGreaterThanOrEqualTo(beforeAssign);
            take(c, p0, PER_PARTITION);
            assertThat(partition(c, p0).lag()).isZero();
            c.assign(List.of());
            TestWaits.waitFor("unassigned", () -> c.metrics().partitions().isEmpty());
        }
    }
}
