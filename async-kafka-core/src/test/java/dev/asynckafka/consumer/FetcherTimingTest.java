package dev.asynckafka.consumer;

import static dev.asynckafka.internal.virtual.InMemoryBroker.disconnect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.errors.UnknownTopicOrPartitionException;
import dev.asynckafka.internal.ClientContext;
import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.virtual.InMemoryBroker;
import dev.asynckafka.internal.virtual.VirtualLoop;
import dev.asynckafka.serialization.Deserializers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fetcher's timing paths on virtual time: the real consumer (fetcher, subscription state,
 * metadata, connections) on an embedded event loop with a mock ticker, against an in-memory
 * broker. Instants are exact virtual time; backoffs are checked against their jitter bounds.
 */
class FetcherTimingTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);

    private final VirtualLoop vloop = new VirtualLoop();
    private final InMemoryBroker broker = new InMemoryBroker(vloop, 1).topic("t", 1);
    private AsyncKafkaConsumer<String, String> consumer;

    @AfterEach
    void close() {
        assertThat(broker.failures()).isEmpty();
        if (consumer != null) {
            consumer.closeAsync(Duration.ZERO);
        }
        vloop.runPending();
        vloop.close();
    }

    private AsyncKafkaConsumer<String, String> consumer(
            UnaryOperator<ClientOptions.Builder> client, UnaryOperator<ConsumerOptions.Builder> consumerOptions) {
        ClientOptions clientOptions = client.apply(ClientOptions.builder().bootstrapServers(broker.bootstrap()))
                .build();
        // Results are handed over on the loop itself: the test thread runs everything.
        ConsumerOptions options = consumerOptions
                .apply(ConsumerOptions.builder(clientOptions).executor(Runnable::run))
                .build();
        ClientContext context = new ClientContext(clientOptions, vloop.loop(), broker, false);
        consumer = AsyncKafkaConsumer.create(options, Deserializers.string(), Deserializers.string(), context);
        return consumer;
    }

    @Test
    void fetchesAfterFailuresBackOffExponentiallyWithinTheJitterBounds() {
        AtomicInteger fetches = new AtomicInteger();
        broker.on(ApiKey.FETCH, r -> fetches.getAndIncrement() < 5 ? disconnect() : broker.healthyReply(r));
        AsyncKafkaConsumer<String, String> c =
                consumer(o -> o.retryBackoff(Duration.ofMillis(100)).retryBackoffMax(Duration.ofMillis(1000)), o -> o);
        c.assign(List.of(TP));
        c.seek(TP, 0);
        vloop.advance(Duration.ofSeconds(5));

        List<InMemoryBroker.Request> attempts = broker.requests(ApiKey.FETCH);
        assertThat(attempts).hasSizeGreaterThan(6);
        // After the n-th failure in a row: 100 ms * 2^(n-1), at most 1000 ms, +-20% but never past the max.
        long[][] bounds = {{80, 120}, {160, 240}, {320, 480}, {640, 960}, {800, 1000}};
        for (int n = 1; n <= 5; n++) {
            long gap = attempts.get(n).atNanos() - attempts.get(n - 1).atNanos();
            assertThat(gap)
                    .as("wait before fetch %d", n)
                    .isBetween(bounds[n - 1][0] * 1_000_000, bounds[n - 1][1] * 1_000_000);
        }
        // Once a fetch succeeds, the next goes as soon as the broker answers (after its max wait).
        long healthyGap = attempts.get(6).atNanos() - attempts.get(5).atNanos();
        assertThat(healthyGap).isEqualTo(ConsumerOptions.DEFAULT_FETCH_MAX_WAIT.toNanos());
    }

    @Test
    void aPartitionOfATopicMissingForDefaultApiTimeoutFailsInGetMany() {
        AsyncKafkaConsumer<String, String> c = consumer(
                o -> o.retryBackoff(Duration.ofMillis(100)).retryBackoffMax(Duration.ofMillis(1000)),
                o -> o.defaultApiTimeout(Duration.ofSeconds(5)));
        TopicPartition missing = new TopicPartition("gone", 0);
        c.assign(List.of(missing));
        c.seek(missing, 0);
        CompletableFuture<ConsumerRecords<String, String>> records = c.getMany(Duration.ofMinutes(1));
        vloop.runPending();
        long since = vloop.nanoTime();

        vloop.advance(Duration.ofSeconds(5));
        assertThat(records).isNotDone();
        // Checked at each metadata retry, at most retry.backoff.max.ms apart.
        vloop.advance(Duration.ofMillis(1000));
        assertThat(records).isCompletedExceptionally();
        assertThat(records.handle((v, e) -> e).join())
                .isInstanceOf(UnknownTopicOrPartitionException.class)
                .hasMessageContaining("has not been in the cluster's metadata for")
                .hasMessageContaining("(default.api.timeout.ms)");
        assertThat(broker.requests(ApiKey.FETCH)).isEmpty();
        assertThat(broker.requests(ApiKey.METADATA).stream()
                        .filter(r -> r.atNanos() > since)
                        .count())
                .isGreaterThan(4);
    }
}
