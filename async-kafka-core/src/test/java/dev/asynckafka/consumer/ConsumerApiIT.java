package dev.asynckafka.consumer;

import static dev.asynckafka.consumer.ConsumerTestSupport.await;
import static dev.asynckafka.consumer.ConsumerTestSupport.failure;
import static dev.asynckafka.consumer.ConsumerTestSupport.options;
import static dev.asynckafka.consumer.ConsumerTestSupport.producer;
import static dev.asynckafka.consumer.ConsumerTestSupport.readAtLeast;
import static dev.asynckafka.consumer.ConsumerTestSupport.stringConsumer;
import static dev.asynckafka.consumer.ConsumerTestSupport.tp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asynckafka.TestWaits;
import dev.asynckafka.common.PartitionInfo;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.test.BootstrapServers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What users of kafka-clients and aiokafka expect of a consumer beyond getMany, and closing. */
@dev.asynckafka.test.EmbeddedAsyncKafka(
        topics = {"api-a", "api-b"},
        partitions = 3)
@Timeout(180)
class ConsumerApiIT {
    private static void fill(String bootstrap, String topic, int partition, int count) throws Exception {
        try (KafkaProducer<String, String> p = producer(bootstrap, Map.of())) {
            for (int i = 0; i < count; i++) {
                p.send(new ProducerRecord<>(topic, partition, null, "v" + i));
            }
            p.flush();
        }
    }

    @Test
    void partitionsForAndListTopicsDescribeTheCluster(@BootstrapServers String bootstrap) throws Exception {
        try (AsyncKafkaConsumer<String, String> c =
                stringConsumer(options(bootstrap).build())) {
            List<PartitionInfo> partitions = await(c.partitionsFor("api-a"));
            assertThat(partitions).extracting(PartitionInfo::partition).containsExactly(0, 1, 2);
            assertThat(partitions).allSatisfy(p -> {
                assertThat(p.topic()).isEqualTo("api-a");
                assertThat(p.leader()).isNotNull();
                assertThat(p.replicas()).isNotEmpty();
            });
            Map<String, List<PartitionInfo>> topics = await(c.listTopics());
            assertThat(topics).containsKeys("api-a", "api-b").doesNotContainKey("__consumer_offsets");
            assertThat(topics.get("api-b")).hasSize(3);
        }
    }

    @Test
    void subscriptionReportsTopicsOrPattern(@BootstrapServers String bootstrap) throws Exception {
        try (AsyncKafkaConsumer<String, String> c =
                stringConsumer(options(bootstrap).groupId("api-sub").build())) {
            assertThat(c.subscription()).isEmpty();
            await(c.subscribe(List.of("api-a", "api-b")));
            assertThat(c.subscription()).containsExactlyInAnyOrder("api-a", "api-b");
            assertThat(c.subscriptionPattern()).isEmpty();
            await(c.subscribe(Pattern.compile("api-.*"), RebalanceListener.NOOP));
            assertThat(c.subscriptionPattern()).map(Pattern::pattern).contains("api-.*");
            // A pattern's subscription is the topics it matched, once resolved.
            TestWaits.waitFor("the pattern to resolve", () -> c.subscription().containsAll(Set.of("api-a", "api-b")));
            assertThat(c.subscription()).contains("api-a", "api-b").allMatch(t -> t.startsWith("api-"));
            await(c.unsubscribe());
            assertThat(c.subscription()).isEmpty();
            assertThat(c.subscriptionPattern()).isEmpty();
        }
    }

    @Test
    void seekToCommittedAndCurrentLag(@BootstrapServers String bootstrap) throws Exception {
        fill(bootstrap, "api-b", 0, 100);
        TopicPartition p0 = tp("api-b", 0);
        TopicPartition p1 = tp("api-b", 1);
        try (AsyncKafkaConsumer<String, String> c =
                stringConsumer(options(bootstrap).groupId("api-seek").build())) {
            c.assign(List.of(p0, p1));
            assertThat(c.currentLag(p0)).as("before any fetch").isEmpty();
            List<ConsumerRecord<String, String>> first = readAtLeast(c, 100, batch -> {});
            assertThat(first).hasSize(100);
            assertThat(c.currentLag(p0)).isEqualTo(OptionalLong.of(0));
            await(c.commit(Map.of(p0, new OffsetAndMetadata(40))));
            Map<TopicPartition, OffsetAndMetadata> committed = await(c.seekToCommitted(List.of()));
            assertThat(committed).containsOnlyKeys(p0);
            assertThat(await(c.position(p0))).isEqualTo(40);
            // No committed offset: reset by auto.offset.reset (earliest).
            assertThat(await(c.position(p1))).isZero();
            List<ConsumerRecord<String, String>> again = readAtLeast(c, 60, batch -> {});
            assertThat(again)
                    .extracting(ConsumerRecord::offset)
                    .startsWith(40L, 41L)
                    .hasSize(60);
            assertThat(c.currentLag(p0)).isEqualTo(OptionalLong.of(0));
            assertThat(c.currentLag(tp("api-a", 0))).as("not assigned").isEmpty();
        }
    }

    /**
     * KIP-320: commit() stores the leader epoch of the last record consumed, committed() reads it
     * back (kafka-clients' admin sees it too), and a seek to a committed offset with an epoch is
     * validated with OffsetForLeaderEpoch before fetching resumes from it.
     */
    @Test
    void commitCarriesTheLeaderEpochAndResumingFromItIsValidated(@BootstrapServers String bootstrap) throws Exception {
        TopicPartition p2 = tp("api-b", 2);
        fill(bootstrap, "api-b", 2, 10);
        try (AsyncKafkaConsumer<String, String> c =
                stringConsumer(options(bootstrap).groupId("api-epoch").build())) {
            c.assign(List.of(p2));
            List<ConsumerRecord<String, String>> read = readAtLeast(c, 10, batch -> {});
            assertThat(read).hasSize(10);
            int epoch = read.get(9).leaderEpoch();
            assertThat(epoch).isNotNegative();
            await(c.commit());
            OffsetAndMetadata committed = await(c.committed(Set.of(p2))).get(p2);
            assertThat(committed.offset()).isEqualTo(10);
            assertThat(committed.leaderEpoch()).isEqualTo(epoch);
            try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                    Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                org.apache.kafka.clients.consumer.OffsetAndMetadata oracle = admin.listConsumerGroupOffsets("api-epoch")
                        .partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS)
                        .get(new org.apache.kafka.common.TopicPartition("api-b", 2));
                assertThat(oracle.offset()).isEqualTo(10);
                assertThat(oracle.leaderEpoch()).contains(epoch);
            }
            await(c.seekToCommitted(List.of(p2)));
            assertThat(await(c.position(p2))).isEqualTo(10);
            fill(bootstrap, "api-b", 2, 1);
            assertThat(readAtLeast(c, 1, batch -> {}))
                    .extracting(ConsumerRecord::offset)
                    .containsExactly(10L);
        }
    }

    @Test
    void enforceRebalanceRejoinsTheGroup(@BootstrapServers String bootstrap) throws Exception {
        try (AsyncKafkaConsumer<String, String> c =
                stringConsumer(options(bootstrap).groupId("api-rebalance").build())) {
            await(c.subscribe(List.of("api-a")));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (c.metrics().rebalances() < 1 && System.nanoTime() < deadline) {
                await(c.getMany(Duration.ofMillis(100)));
            }
            int generation = c.metrics().generation();
            assertThat(generation).isPositive();
            await(c.enforceRebalance("test"));
            while (c.metrics().rebalances() < 2 && System.nanoTime() < deadline) {
                await(c.getMany(Duration.ofMillis(100)));
            }
            assertThat(c.metrics().rebalances()).isEqualTo(2);
            assertThat(c.metrics().generation()).isGreaterThan(generation);
            assertThat(c.assignment()).hasSize(3);
        }
        try (AsyncKafkaConsumer<String, String> groupless =
                stringConsumer(options(bootstrap).build())) {
            assertThatThrownBy(() -> groupless.enforceRebalance(null)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> groupless.seekToCommitted(List.of())).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void closeWaitsAndCloseAsyncIsIdempotent(@BootstrapServers String bootstrap) throws Exception {
        AsyncKafkaConsumer<String, String> c = stringConsumer(options(bootstrap).build());
        c.assign(List.of(tp("api-a", 0)));
        var pending = c.getMany(Duration.ofSeconds(30));
        c.close();
        // close() returned: the consumer is closed, the pending call failed, new calls fail too
        // (on the executor, as every getMany completes) without waiting for their timeout.
        assertThat(failure(pending)).isInstanceOf(KafkaException.class).hasMessageContaining("closed");
        var after = c.getMany(Duration.ofSeconds(30));
        assertThat(failure(after)).isInstanceOf(KafkaException.class).hasMessageContaining("closed");
        var again = c.closeAsync(Duration.ofSeconds(1));
        await(again);
        // Cancelling one caller's close future does not affect another's.
        AsyncKafkaConsumer<String, String> d = stringConsumer(options(bootstrap).build());
        var one = d.closeAsync(Duration.ofSeconds(5));
        var two = d.closeAsync(Duration.ofSeconds(5));
        one.cancel(false);
        await(two);
        assertThat(two.isCancelled()).isFalse();
    }

    @Test
    void pendingCallsOnSetDifferenceAreUnaffected(@BootstrapServers String bootstrap) throws Exception {
        // getOne on a partition set: a cancelled call takes nothing, the next one gets the record.
        fill(bootstrap, "api-a", 2, 1);
        try (AsyncKafkaConsumer<String, String> c =
                stringConsumer(options(bootstrap).build())) {
            TopicPartition p2 = tp("api-a", 2);
            c.assign(List.of(p2));
            await(c.position(p2));
            var cancelled = c.getOne(Set.of(p2), Duration.ofSeconds(30));
            cancelled.cancel(false);
            var record = await(c.getOne(Set.of(p2), Duration.ofSeconds(30)));
            if (!cancelled.isCancelled()) {
                // The consumer won the race: the cancelled call got the record.
                assertThat(cancelled.join()).isPresent();
                assertThat(record).isEmpty();
            } else {
                assertThat(record)
                        .isPresent()
                        .get()
                        .extracting(ConsumerRecord::offset)
                        .isEqualTo(0L);
            }
        }
    }
}
