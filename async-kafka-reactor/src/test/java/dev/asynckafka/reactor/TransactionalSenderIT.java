package dev.asynckafka.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.producer.ProducerOptions;
import dev.asynckafka.producer.ProducerRecord;
import dev.asynckafka.serialization.Serializers;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * The transactional sender against a real broker; kafka-clients' read_committed consumer is the
 * oracle for what was committed, its read_uncommitted consumer shows that aborted records were
 * written.
 */
@EmbeddedAsyncKafka(
        topics = {"tx-commit", "tx-abort", "tx-fail", "tx-plain", "tx-cancel"},
        partitions = 3)
@Timeout(180)
class TransactionalSenderIT {
    private static KafkaSender<String, String> sender(String bootstrap, String transactionalId) {
        ProducerOptions.Builder producer = ProducerOptions.builder(
                        ClientOptions.builder().bootstrapServers(bootstrap).build())
                .linger(Duration.ofMillis(2));
        if (transactionalId != null) {
            producer.transactionalId(transactionalId);
        }
        return KafkaSender.create(SenderOptions.builder(producer.build(), Serializers.string(), Serializers.string())
                .maxInFlight(8)
                .build());
    }

    private static Flux<SenderRecord<String, String, String>> records(String topic, String prefix, int count) {
        return Flux.range(0, count)
                .map(i -> SenderRecord.create(new ProducerRecord<>(topic, "k" + i, prefix + i), prefix + i));
    }

    @Test
    void eachInnerPublisherIsOneCommittedTransaction(@BootstrapServers String bootstrap) throws Exception {
        try (KafkaSender<String, String> sender = sender(bootstrap, "tx-commit-1")) {
            List<List<String>> transactions = sender.sendTransactionally(
                            Flux.just(records("tx-commit", "a", 10), records("tx-commit", "b", 15)))
                    .concatMap(results -> results.map(r -> {
                                assertThat(r.isSuccess()).isTrue();
                                return r.correlationMetadata();
                            })
                            .collectList())
                    .collectList()
                    .block(Duration.ofSeconds(120));
            assertThat(transactions).hasSize(2);
            assertThat(transactions.get(0)).containsExactlyElementsOf(values("a", 10));
            assertThat(transactions.get(1)).containsExactlyElementsOf(values("b", 15));
        }
        List<String> expected = new ArrayList<>(values("a", 10));
        expected.addAll(values("b", 15));
        assertThat(read(bootstrap, "tx-commit", "read_committed")).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void abortedRecordsAreNotVisibleToReadCommitted(@BootstrapServers String bootstrap) throws Exception {
        try (KafkaSender<String, String> sender = sender(bootstrap, "tx-abort-1")) {
            TransactionManager tm = sender.transactionManager();
            StepVerifier.create(tm.begin()
                            .thenMany(sender.send(records("tx-abort", "aborted", 12)))
                            .count()
                            .flatMap(n -> tm.abort().thenReturn(n)))
                    .expectNext(12L)
                    .verifyComplete();
            StepVerifier.create(tm.begin()
                            .thenMany(sender.send(records("tx-abort", "committed", 7)))
                            .count()
                            .flatMap(n -> tm.commit().thenReturn(n)))
                    .expectNext(7L)
                    .verifyComplete();
        }
        assertThat(read(bootstrap, "tx-abort", "read_committed"))
                .containsExactlyInAnyOrderElementsOf(values("committed", 7));
        // The aborted records were written, only read_committed hides them.
        List<String> all = new ArrayList<>(values("aborted", 12));
        all.addAll(values("committed", 7));
        assertThat(read(bootstrap, "tx-abort", "read_uncommitted")).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void aFailingTransactionIsAbortedAndStopsTheStream(@BootstrapServers String bootstrap) throws Exception {
        try (KafkaSender<String, String> sender = sender(bootstrap, "tx-fail-1")) {
            Flux<SenderRecord<String, String, String>> broken =
                    records("tx-fail", "broken", 5).concatWith(Flux.error(new IllegalStateException("upstream broke")));
            List<List<String>> committed = new ArrayList<>();
            StepVerifier.create(sender.sendTransactionally(
                                    Flux.just(records("tx-fail", "first", 4), broken, records("tx-fail", "never", 3)))
                            .concatMap(results -> results.map(SenderResult::correlationMetadata)
                                    .collectList()))
                    .consumeNextWith(committed::add)
                    .expectErrorMessage("upstream broke")
                    .verify(Duration.ofSeconds(120));
            assertThat(committed).containsExactly(values("first", 4));
            // The sender is usable again: the broken transaction was aborted, not left open.
            StepVerifier.create(sender.sendTransactionally(Flux.just(records("tx-fail", "after", 2)))
                            .concatMap(Flux::count))
                    .expectNext(2L)
                    .verifyComplete();
        }
        List<String> expected = new ArrayList<>(values("first", 4));
        expected.addAll(values("after", 2));
        assertThat(read(bootstrap, "tx-fail", "read_committed")).containsExactlyInAnyOrderElementsOf(expected);
        List<String> uncommitted = read(bootstrap, "tx-fail", "read_uncommitted");
        assertThat(uncommitted).containsAll(values("broken", 5)).doesNotContainAnyElementsOf(values("never", 3));
    }

    @Test
    void cancellingRightAfterSubscribingAbortsTheTransactionItsBeginOpens(@BootstrapServers String bootstrap)
            throws Exception {
        try (KafkaSender<String, String> sender = sender(bootstrap, "tx-cancel-1")) {
            for (int round = 0; round < 3; round++) {
                // Cancelled while initTransactions/beginTransaction are still under way: their
                // success has not reached the Flux, yet the transaction they open must not stay open.
                sender.sendTransactionally(Flux.just(records("tx-cancel", "cancelled", 3)))
                        .subscribe()
                        .dispose();
                // Usable again: the next transaction begins and commits.
                String prefix = "after" + round + "-";
                // (The abort runs in the background: a begin that comes first is refused, try again.)
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (true) {
                    try {
                        assertThat(sender.sendTransactionally(Flux.just(records("tx-cancel", prefix, 2)))
                                        .concatMap(Flux::count)
                                        .blockLast(Duration.ofSeconds(30)))
                                .isEqualTo(2L);
                        break;
                    } catch (IllegalStateException e) {
                        assertThat(System.nanoTime())
                                .as("still refused after 60 s: %s", e)
                                .isLessThan(deadline);
                        Thread.sleep(20);
                    }
                }
            }
        }
        List<String> committed = read(bootstrap, "tx-cancel", "read_committed");
        assertThat(committed).doesNotContainAnyElementsOf(values("cancelled", 3));
        assertThat(committed).containsAll(values("after0-", 2));
    }

    @Test
    void aSenderWithoutTransactionalIdHasNoTransactions(@BootstrapServers String bootstrap) {
        try (KafkaSender<String, String> sender = sender(bootstrap, null)) {
            assertThatThrownBy(sender::transactionManager)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("transactionalId");
            assertThatThrownBy(() -> sender.sendTransactionally(Flux.just(records("tx-plain", "x", 1))))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    private static List<String> values(String prefix, int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    /** Every value of the topic up to its end (the last stable offset for read_committed). */
    private static List<String> read(String bootstrap, String topic, String isolation) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            c.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(30));
            if (isolation.equals("read_committed")) {
                // A commit or abort is answered before its markers are written: wait until no
                // transaction holds the last stable offsets below the high watermarks.
                Properties all = new Properties();
                all.putAll(p);
                all.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
                try (KafkaConsumer<String, String> hw =
                        new KafkaConsumer<>(all, new StringDeserializer(), new StringDeserializer())) {
                    long stableBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    Map<TopicPartition, Long> high;
                    while (!end.equals(high = hw.endOffsets(parts, Duration.ofSeconds(30)))) {
                        if (System.nanoTime() > stableBy) {
                            throw new AssertionError("An open transaction holds the last stable offsets of " + topic
                                    + " at " + end + ", high watermarks " + high);
                        }
                        end = c.endOffsets(parts, Duration.ofSeconds(30));
                    }
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (end.entrySet().stream()
                    .anyMatch(e -> c.position(e.getKey(), Duration.ofSeconds(30)) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Reading " + topic + " did not reach " + end);
                }
                c.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
            }
        }
        return out;
    }
}
