package dev.asynckafka.producer;

import static dev.asynckafka.internal.virtual.InMemoryBroker.answer;
import static dev.asynckafka.internal.virtual.InMemoryBroker.silence;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.errors.ErrorCode;
import dev.asynckafka.errors.TimeoutException;
import dev.asynckafka.internal.ClientContext;
import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.message.ProduceRequest;
import dev.asynckafka.internal.virtual.InMemoryBroker;
import dev.asynckafka.internal.virtual.VirtualLoop;
import dev.asynckafka.serialization.Serializers;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The producer's timing paths (linger, delivery timeout, retry backoff, max.block.ms) on virtual
 * time: the real accumulator, sender, metadata manager, connection pool and broker connections run
 * on an embedded event loop with a mock ticker, against an in-memory broker. No sockets, no sleeps;
 * every instant asserted is exact virtual time.
 */
class ProducerTimingTest {
    private static final String TOPIC = "t";

    private final VirtualLoop vloop = new VirtualLoop();
    private final InMemoryBroker broker = new InMemoryBroker(vloop, 1).topic(TOPIC, 1);
    private final List<AsyncKafkaProducer<String, String>> producers = new ArrayList<>();

    @AfterEach
    void close() {
        assertThat(broker.failures()).isEmpty();
        for (AsyncKafkaProducer<String, String> p : producers) {
            p.closeAsync(Duration.ZERO);
        }
        vloop.runPending();
        vloop.close();
    }

    private AsyncKafkaProducer<String, String> producer(
            UnaryOperator<ClientOptions.Builder> client, UnaryOperator<ProducerOptions.Builder> producer) {
        ClientOptions clientOptions = client.apply(ClientOptions.builder().bootstrapServers(broker.bootstrap()))
                .build();
        ProducerOptions options =
                producer.apply(ProducerOptions.builder(clientOptions)).build();
        ClientContext context = new ClientContext(clientOptions, vloop.loop(), broker, true);
        AsyncKafkaProducer<String, String> p =
                AsyncKafkaProducer.create(options, Serializers.string(), Serializers.string(), context);
        producers.add(p);
        return p;
    }

    private static CompletableFuture<RecordMetadata> send(AsyncKafkaProducer<String, String> p, String value) {
        return p.send(new ProducerRecord<>(TOPIC, 0, "k", value));
    }

    /** Sends one record and lets it be acknowledged, so that metadata and producer id are in place. */
    private void warmUp(AsyncKafkaProducer<String, String> p, Duration linger) {
        CompletableFuture<RecordMetadata> first = send(p, "warm-up");
        vloop.runPending();
        vloop.advance(linger);
        assertThat(first).isCompleted();
    }

    private static int recordCount(ProduceRequest request) {
        ByteBuf batch = request.topicData().get(0).partitionData().get(0).records();
        return batch.getInt(batch.readerIndex() + 57);
    }

    private static Throwable failure(CompletableFuture<?> f) {
        assertThat(f).isCompletedExceptionally();
        return f.handle((v, e) -> e).join();
    }

    @Test
    void aBatchIsSentWhenLingerElapsesNotBefore() {
        Duration linger = Duration.ofMillis(50);
        AsyncKafkaProducer<String, String> p = producer(c -> c, o -> o.linger(linger));
        warmUp(p, linger);
        int producesBefore = broker.requests(ApiKey.PRODUCE).size();

        long sentAt = vloop.millis();
        CompletableFuture<RecordMetadata> f = send(p, "v");
        vloop.advanceMillis(49);
        assertThat(broker.requests(ApiKey.PRODUCE)).hasSize(producesBefore);
        assertThat(f).isNotDone();

        vloop.advanceMillis(1);
        List<InMemoryBroker.Request> produces = broker.requests(ApiKey.PRODUCE);
        assertThat(produces).hasSize(producesBefore + 1);
        assertThat(produces.get(producesBefore).atMillis()).isEqualTo(sentAt + 50);
        assertThat(f).isCompleted();
        assertThat(f.join().offset()).isEqualTo(1L);
    }

    @Test
    void aFullBatchIsSentAtOnceWhileTheNextOneLingers() {
        Duration linger = Duration.ofSeconds(10);
        AsyncKafkaProducer<String, String> p =
                producer(c -> c, o -> o.linger(linger).batchSize(1024));
        warmUp(p, linger);
        int producesBefore = broker.requests(ApiKey.PRODUCE).size();
        long start = vloop.millis();

        // 100-byte values: the batch fills after a handful; the record that does not fit opens the next.
        String value = "x".repeat(100);
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        while (broker.requests(ApiKey.PRODUCE).size() == producesBefore) {
            futures.add(send(p, value));
            vloop.runPending();
            assertThat(futures).as("the batch never filled").hasSizeLessThan(100);
        }
        InMemoryBroker.Request full = broker.requests(ApiKey.PRODUCE).get(producesBefore);
        assertThat(full.atMillis()).isEqualTo(start);
        int inFull = recordCount((ProduceRequest) full.body());
        assertThat(inFull).isEqualTo(futures.size() - 1).isGreaterThan(1);
        assertThat(futures.subList(0, inFull)).allSatisfy(f -> assertThat(f).isCompleted());
        CompletableFuture<RecordMetadata> last = futures.get(futures.size() - 1);
        assertThat(last).isNotDone();

        // The record that opened the second batch waits out its linger.
        vloop.advance(linger.minusMillis(1));
        assertThat(last).isNotDone();
        vloop.advanceMillis(1);
        assertThat(broker.requests(ApiKey.PRODUCE)).hasSize(producesBefore + 2);
        assertThat(broker.requests(ApiKey.PRODUCE).get(producesBefore + 1).atMillis())
                .isEqualTo(start + linger.toMillis());
        assertThat(last).isCompleted();
    }

    @Test
    void aBatchThatCannotBeSentExpiresAtItsDeliveryTimeout() {
        // No producer id ever comes, so the idempotent producer cannot stamp and send the batch.
        broker.on(ApiKey.INIT_PRODUCER_ID, r -> silence());
        AsyncKafkaProducer<String, String> p = producer(
                c -> c.requestTimeout(Duration.ofSeconds(30)),
                o -> o.linger(Duration.ZERO).deliveryTimeout(Duration.ofSeconds(40)));
        long sentAt = vloop.millis();
        CompletableFuture<RecordMetadata> f = send(p, "v");
        vloop.runPending();
        assertThat(broker.requests(ApiKey.INIT_PRODUCER_ID)).isNotEmpty();

        vloop.advance(Duration.ofSeconds(40).minusMillis(1));
        assertThat(f).isNotDone();
        vloop.advanceMillis(1);
        assertThat(failure(f))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("Expiring 1 record(s) for t-0: 40000 ms has passed since batch creation")
                .hasMessageNotContaining("may or may not");
        assertThat(vloop.millis()).isEqualTo(sentAt + 40_000);
        assertThat(broker.requests(ApiKey.PRODUCE)).isEmpty();
    }

    @Test
    void aBatchInFlightExpiresWhenTheAttemptAfterItsDeadlineTimesOut() {
        Duration linger = Duration.ZERO;
        AsyncKafkaProducer<String, String> p = producer(
                c -> c.requestTimeout(Duration.ofSeconds(1))
                        .retryBackoff(Duration.ofMillis(100))
                        .retryBackoffMax(Duration.ofMillis(100)),
                o -> o.linger(linger).deliveryTimeout(Duration.ofMillis(2500)));
        warmUp(p, linger);
        broker.on(ApiKey.PRODUCE, r -> silence());
        int before = broker.requests(ApiKey.PRODUCE).size();

        CompletableFuture<RecordMetadata> f = send(p, "v");
        // Attempts go out at 0 s, then after each 1 s request timeout plus a backoff of 80..100 ms:
        // the deadline (2.5 s) passes while the third attempt is in flight, so the batch fails only
        // when that attempt times out, and says it may have been written.
        vloop.advanceMillis(2500);
        assertThat(f).isNotDone();
        List<InMemoryBroker.Request> all = broker.requests(ApiKey.PRODUCE);
        List<InMemoryBroker.Request> attempts = all.subList(before, all.size());
        assertThat(attempts).hasSize(3);
        long timesOutAt = attempts.get(2).atNanos() + Duration.ofSeconds(1).toNanos();
        vloop.advance(Duration.ofNanos(timesOutAt - vloop.nanoTime() - 1));
        assertThat(f).isNotDone();
        vloop.advance(Duration.ofNanos(1));
        assertThat(failure(f))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("delivery.timeout.ms=2500")
                .hasMessageContaining("may or may not have been written");
        assertThat(broker.requests(ApiKey.PRODUCE)).hasSize(before + 3);
    }

    @Test
    void retriesOfAFailedProduceBackOffExponentiallyWithinTheJitterBounds() {
        AtomicInteger produces = new AtomicInteger();
        broker.on(
                ApiKey.PRODUCE,
                r -> produces.getAndIncrement() < 5
                        ? answer(InMemoryBroker.produceError((ProduceRequest) r.body(), ErrorCode.NOT_ENOUGH_REPLICAS))
                        : answer(broker.healthy(r)));
        AsyncKafkaProducer<String, String> p = producer(
                c -> c.retryBackoff(Duration.ofMillis(100)).retryBackoffMax(Duration.ofMillis(1000)),
                o -> o.linger(Duration.ZERO));
        CompletableFuture<RecordMetadata> f = send(p, "v");
        vloop.advance(Duration.ofSeconds(10));

        assertThat(f).isCompleted();
        assertThat(f.join().offset()).isZero();
        List<InMemoryBroker.Request> attempts = broker.requests(ApiKey.PRODUCE);
        assertThat(attempts).hasSize(6);
        // The n-th retry waits 100 ms * 2^(n-1), at most 1000 ms, spread by +-20% but never past the max.
        long[][] bounds = {{80, 120}, {160, 240}, {320, 480}, {640, 960}, {800, 1000}};
        for (int n = 1; n < attempts.size(); n++) {
            long gap = attempts.get(n).atNanos() - attempts.get(n - 1).atNanos();
            assertThat(gap)
                    .as("wait before retry %d", n)
                    .isBetween(bounds[n - 1][0] * 1_000_000, bounds[n - 1][1] * 1_000_000);
        }
    }

    @Test
    void aRecordForATopicMissingFromMetadataFailsAtMaxBlock() {
        AsyncKafkaProducer<String, String> p =
                producer(c -> c, o -> o.maxBlock(Duration.ofSeconds(3)).linger(Duration.ZERO));
        long sentAt = vloop.millis();
        CompletableFuture<RecordMetadata> f = p.send(new ProducerRecord<>("missing", "k", "v"));
        vloop.advance(Duration.ofSeconds(3).minusMillis(1));
        assertThat(f).isNotDone();
        // It kept asking meanwhile, backing off between lookups.
        assertThat(broker.requests(ApiKey.METADATA)).hasSizeGreaterThan(2);
        vloop.advanceMillis(1);
        assertThat(failure(f))
                .isInstanceOf(TimeoutException.class)
                .hasMessage("Topic missing not present in metadata after 3000 ms (max.block.ms)");
        assertThat(vloop.millis()).isEqualTo(sentAt + 3000);
    }

    @Test
    void aRecordWaitingForBufferMemoryFailsAtMaxBlock() {
        broker.on(ApiKey.PRODUCE, r -> silence());
        AsyncKafkaProducer<String, String> p = producer(
                c -> c.requestTimeout(Duration.ofSeconds(30)),
                o -> o.linger(Duration.ZERO).bufferMemory(4096).batchSize(1024).maxBlock(Duration.ofSeconds(2)));
        // Unacknowledged records fill buffer.memory; the next one has to wait for space.
        String value = "x".repeat(1000);
        List<CompletableFuture<RecordMetadata>> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(send(p, value));
        }
        vloop.runPending();
        long waitingSince = vloop.millis();
        CompletableFuture<RecordMetadata> waiting = send(p, value);
        vloop.advance(Duration.ofSeconds(2).minusMillis(1));
        assertThat(waiting).isNotDone();
        vloop.advanceMillis(1);
        assertThat(failure(waiting))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("Failed to allocate")
                .hasMessageContaining("max blocking time 2000 ms");
        assertThat(vloop.millis()).isEqualTo(waitingSince + 2000);
        assertThat(held).noneMatch(CompletableFuture::isDone);
    }
}
