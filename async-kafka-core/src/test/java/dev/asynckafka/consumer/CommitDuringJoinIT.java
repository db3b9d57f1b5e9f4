package dev.asynckafka.consumer;

import static dev.asynckafka.consumer.ConsumerTestSupport.await;
import static dev.asynckafka.consumer.ConsumerTestSupport.options;
import static dev.asynckafka.consumer.ConsumerTestSupport.producer;
import static dev.asynckafka.consumer.ConsumerTestSupport.stringConsumer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.TestWaits;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A commit made while the member's own JoinGroup is parked at the coordinator reaches the
 * coordinator at once and succeeds with the current generation, instead of queueing behind the
 * join on one connection and failing with ILLEGAL_GENERATION once the generation has moved.
 */
@EmbeddedAsyncKafka(
        shared = true,
        topics = "parked-join",
        partitions = 4,
        brokerProperties = {"group.initial.rebalance.delay.ms=0", "group.min.session.timeout.ms=1000"})
@Timeout(180)
class CommitDuringJoinIT {
    private static final String GROUP = "parked-join-group";

    private static ConsumerOptions member(String bootstrap) {
        return options(bootstrap)
                .groupId(GROUP)
                .assignorNames("cooperative-sticky")
                .sessionTimeout(Duration.ofSeconds(6))
                .heartbeatInterval(Duration.ofMillis(300))
                .rebalanceTimeout(Duration.ofSeconds(10))
                .enableAutoCommit(false)
                .build();
    }

    @Test
    void aCommitDoesNotWaitForTheParkedJoin(@BootstrapServers String bootstrap) throws Exception {
        try (KafkaProducer<String, String> p = producer(bootstrap, Map.of())) {
            for (int i = 0; i < 40; i++) {
                p.send(new ProducerRecord<>("parked-join", i % 4, null, "v" + i));
            }
            p.flush();
        }
        // A kafka-clients member that joins and then stops polling: the next rebalance waits for
        // it up to its max.poll.interval.ms (15 s), so every JoinGroup stays parked that long.
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 30000);
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 15000);
        try (AsyncKafkaConsumer<String, String> a = stringConsumer(member(bootstrap));
                KafkaConsumer<String, String> sleeper = new KafkaConsumer<>(props)) {
            await(a.subscribe(List.of("parked-join")));
            TestWaits.waitFor(
                    "the first member owns all partitions", () -> a.assignment().size() == 4);
            sleeper.subscribe(List.of("parked-join"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (sleeper.assignment().isEmpty() && System.nanoTime() < deadline) {
                sleeper.poll(Duration.ofMillis(200));
            }
            TestWaits.waitFor(
                    "two members share the partitions",
                    () -> a.assignment().size() == 2 && !a.metrics().rebalanceInProgress());
            Set<TopicPartition> owned = a.assignment();
            int generation = a.metrics().generation();

            // A third member joins: a rebalance starts, and the first member's JoinGroup is parked
            // until the sleeping member's rebalance timeout runs out.
            try (AsyncKafkaConsumer<String, String> b = stringConsumer(member(bootstrap))) {
                await(b.subscribe(List.of("parked-join")));
                TestWaits.waitFor("the first member rejoins", () -> a.metrics().rebalanceInProgress());
                Thread.sleep(500); // its JoinGroup is on the wire and parked by now
                Map<TopicPartition, OffsetAndMetadata> offsets = new java.util.HashMap<>();
                owned.forEach(tp -> offsets.put(tp, new OffsetAndMetadata(3)));
                long started = System.nanoTime();
                await(a.commit(offsets));
                long commitMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                assertThat(a.metrics().rebalanceInProgress())
                        .as("the commit completed (in %d ms) while the join was still parked", commitMillis)
                        .isTrue();
                assertThat(a.metrics().generation()).isEqualTo(generation);
                Map<TopicPartition, OffsetAndMetadata> committed = await(a.committed(owned));
                assertThat(committed).hasSize(owned.size());
                committed.values().forEach(o -> assertThat(o.offset()).isEqualTo(3));
                TestWaits.waitFor("the rebalance completes", () -> a.metrics().generation() > generation);
            }
        }
    }
}
