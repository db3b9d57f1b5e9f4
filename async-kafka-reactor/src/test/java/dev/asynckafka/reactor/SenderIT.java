package dev.asynckafka.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.errors.RecordTooLargeException;
import dev.asynckafka.producer.ProducerOptions;
import dev.asynckafka.producer.ProducerRecord;
import dev.asynckafka.producer.RecordMetadata;
import dev.asynckafka.serialization.Serializers;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** The sender against a real broker: order, correlation, the in-flight bound, error modes. */
@EmbeddedAsyncKafka(
        shared = true,
        topics = {"out"},
        partitions = 3)
@Timeout(120)
class SenderIT {
    private static final int MAX_REQUEST_SIZE = 10_000;

    private static KafkaSender<String, String> sender(String bootstrap, int maxInFlight, boolean stopOnError) {
        return KafkaSender.create(SenderOptions.builder(
                        ProducerOptions.builder(ClientOptions.builder()
                                        .bootstrapServers(bootstrap)
                                        .build())
                                .linger(Duration.ofMillis(2))
                                .maxRequestSize(MAX_REQUEST_SIZE)
                                .build(),
                        Serializers.string(),
                        Serializers.string())
                .maxInFlight(maxInFlight)
                .stopOnError(stopOnError)
                .build());
    }

    private static SenderRecord<String, String, Integer> record(int i) {
        return SenderRecord.create(new ProducerRecord<>("out", "key-" + (i % 7), "value-" + i), i);
    }

    @Test
    void resultsComeInSendOrderWithTheirCorrelationMetadata(@BootstrapServers String bootstrap) {
        try (KafkaSender<String, String> sender = sender(bootstrap, 16, true)) {
            List<SenderResult<Integer>> results = sender.send(Flux.range(0, 500).map(SenderIT::record))
                    .collectList()
                    .block(Duration.ofSeconds(60));
            assertThat(results).hasSize(500);
            Map<Integer, Long> lastOffset = new HashMap<>();
            Map<String, Integer> partitionOfKey = new HashMap<>();
            for (int i = 0; i < results.size(); i++) {
                SenderResult<Integer> r = results.get(i);
                assertThat(r.isSuccess()).isTrue();
                assertThat(r.correlationMetadata()).isEqualTo(i);
                RecordMetadata m = r.recordMetadata();
                assertThat(m.offset()).isGreaterThan(lastOffset.getOrDefault(m.partition(), -1L));
                lastOffset.put(m.partition(), m.offset());
                assertThat(partitionOfKey.computeIfAbsent("key-" + (i % 7), k -> m.partition()))
                        .isEqualTo(m.partition());
            }
        }
    }

    @Test
    void neverMoreThanMaxInFlightRecordsOutstanding(@BootstrapServers String bootstrap) {
        int maxInFlight = 8;
        AtomicLong emitted = new AtomicLong();
        AtomicLong handedOut = new AtomicLong();
        AtomicLong maxOutstanding = new AtomicLong();
        AtomicLong requestedFromUpstream = new AtomicLong();
        Flux<SenderRecord<String, String, Integer>> upstream = Flux.range(0, 300)
                .doOnRequest(n -> requestedFromUpstream.addAndGet(n))
                .doOnNext(i -> maxOutstanding.accumulateAndGet(emitted.incrementAndGet() - handedOut.get(), Math::max))
                .map(SenderIT::record);
        try (KafkaSender<String, String> sender = sender(bootstrap, maxInFlight, true)) {
            StepVerifier.create(sender.send(upstream).doOnNext(r -> handedOut.incrementAndGet()), 0)
                    .expectSubscription()
                    // A subscriber that requests nothing gets nothing and holds upstream at the bound.
                    .expectNoEvent(Duration.ofMillis(500))
                    .then(() -> {
                        assertThat(emitted.get()).isEqualTo(maxInFlight);
                        assertThat(requestedFromUpstream.get()).isEqualTo(maxInFlight);
                    })
                    .thenRequest(5)
                    .expectNextCount(5)
                    .expectNoEvent(Duration.ofMillis(300))
                    .then(() -> assertThat(emitted.get()).isEqualTo(maxInFlight + 5))
                    .thenRequest(Long.MAX_VALUE)
                    .expectNextCount(295)
                    .verifyComplete();
        }
        assertThat(maxOutstanding.get()).isLessThanOrEqualTo(maxInFlight);
        assertThat(handedOut.get()).isEqualTo(300);
    }

    @Test
    void stopOnErrorFailsTheFluxAtTheFirstFailedRecord(@BootstrapServers String bootstrap) {
        AtomicInteger sent = new AtomicInteger();
        try (KafkaSender<String, String> sender = sender(bootstrap, 4, true)) {
            Flux<SenderRecord<String, String, Integer>> records =
                    Flux.range(0, 20).doOnNext(i -> sent.incrementAndGet()).map(i -> i == 10 ? tooLarge(i) : record(i));
            StepVerifier.create(sender.send(records))
                    .expectNextCount(10)
                    .expectError(RecordTooLargeException.class)
                    .verify(Duration.ofSeconds(60));
        }
        assertThat(sent.get()).isLessThan(20);
    }

    @Test
    void continueOnErrorReturnsFailedResultsAndSendsTheRest(@BootstrapServers String bootstrap) {
        try (KafkaSender<String, String> sender = sender(bootstrap, 4, false)) {
            List<SenderResult<Integer>> results = sender.send(
                            Flux.range(0, 20).map(i -> i % 5 == 0 ? tooLarge(i) : record(i)))
                    .collectList()
                    .block(Duration.ofSeconds(60));
            assertThat(results).hasSize(20);
            List<Integer> failed = new ArrayList<>();
            for (SenderResult<Integer> r : results) {
                if (!r.isSuccess()) {
                    assertThat(r.exception()).isInstanceOf(RecordTooLargeException.class);
                    assertThat(r.recordMetadata()).isNull();
                    failed.add(r.correlationMetadata());
                }
            }
            assertThat(failed).containsExactly(0, 5, 10, 15);
            assertThat(results).extracting(SenderResult::correlationMetadata).isSorted();
        }
    }

    @Test
    void anUpstreamErrorComesAfterTheResultsOfRecordsSentBefore(@BootstrapServers String bootstrap) {
        try (KafkaSender<String, String> sender = sender(bootstrap, 4, true)) {
            Flux<SenderRecord<String, String, Integer>> records = Flux.range(0, 3)
                    .map(SenderIT::record)
                    .concatWith(Flux.error(new IllegalStateException("upstream broke")));
            StepVerifier.create(sender.send(records))
                    .expectNextCount(3)
                    .expectErrorMessage("upstream broke")
                    .verify(Duration.ofSeconds(60));
        }
    }

    private static SenderRecord<String, String, Integer> tooLarge(int i) {
        return SenderRecord.create(new ProducerRecord<>("out", "k", "v".repeat(MAX_REQUEST_SIZE + 1)), i);
    }
}
