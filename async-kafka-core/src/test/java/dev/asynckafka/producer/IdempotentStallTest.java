package dev.asynckafka.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.LogCapture;
import dev.asynckafka.errors.ErrorCode;
import dev.asynckafka.errors.TimeoutException;
import dev.asynckafka.producer.ScriptedBroker.Appended;
import dev.asynckafka.producer.ScriptedBroker.Fault;
import dev.asynckafka.producer.ScriptedBroker.Rejected;
import dev.asynckafka.serialization.Serializers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The stall-and-release sequence of issue 24, scripted: a batch goes into a stalled network, every
 * attempt of it times out until its delivery timeout expires it, the producer moves on, and only
 * then do the stalled bytes reach the broker. The partition must move to a new epoch of the same
 * producer id, so that the broker fences the late copies, and the log must hold every
 * acknowledged record once, in sequence order.
 */
@Timeout(120)
@ExtendWith(NettyLeakCheck.class)
class IdempotentStallTest {

    @Test
    void stalledBatchReleasedAfterTheProducerMovedOnIsFencedByTheNewEpoch() throws Exception {
        AtomicBoolean stalling = new AtomicBoolean(true);
        try (ScriptedBroker broker = new ScriptedBroker(i -> stalling.get() ? Fault.STALL : Fault.NONE)) {
            AsyncKafkaProducer<String, String> producer = producer(broker);
            try {
                List<CompletableFuture<RecordMetadata>> first = sendRound(producer, "a");
                // Every attempt stalls; the batch expires at its delivery timeout, possibly written.
                Throwable expired = failure(first.get(0));
                assertThat(expired).isInstanceOf(TimeoutException.class).hasMessageContaining("may or may not");
                for (CompletableFuture<RecordMetadata> f : first) {
                    assertThat(failure(f)).isInstanceOf(TimeoutException.class);
                }
                int stalledAttempts = broker.stalled.get();
                // The producer id is in use by now; a bump must not ask for another. (Under load, the
                // first InitProducerId may itself time out and be retried: that is not a bump.)
                int initCalls = broker.initProducerIdCalls.get();
                long pid = 1000L + initCalls; // the scripted broker's id for that call
                assertThat(stalledAttempts).isGreaterThanOrEqualTo(1);

                // The producer moves on while the stalled bytes are still on their way.
                stalling.set(false);
                List<RecordMetadata> second = acks(sendRound(producer, "b"));
                assertThat(broker.log).hasSize(1);

                // Now the stalled copies of the first batch arrive: fenced, as their epoch is behind.
                broker.release();
                awaitHandled(broker, stalledAttempts);
                assertThat(broker.rejected)
                        .hasSize(stalledAttempts)
                        .allSatisfy(r -> assertThat(r.error()).isEqualTo(ErrorCode.INVALID_PRODUCER_EPOCH));

                List<RecordMetadata> third = acks(sendRound(producer, "c"));
                assertThat(broker.log)
                        .containsExactly(new Appended(pid, (short) 1, 0, 10), new Appended(pid, (short) 1, 10, 10));
                assertThat(second)
                        .extracting(RecordMetadata::offset)
                        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
                assertThat(third)
                        .extracting(RecordMetadata::offset)
                        .startsWith(10L)
                        .endsWith(19L);
                assertThat(broker.initProducerIdCalls.get())
                        .as("producer id kept")
                        .isEqualTo(initCalls);
                assertThat(broker.rejected).extracting(Rejected::producerId).containsOnly(pid);
            } finally {
                producer.closeAsync(Duration.ofSeconds(5)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void stalledBatchReleasedBeforeTheProducerMovesOnLandsOnceAndBeforeLaterRecords() throws Exception {
        AtomicBoolean stalling = new AtomicBoolean(true);
        try (ScriptedBroker broker = new ScriptedBroker(i -> stalling.get() ? Fault.STALL : Fault.NONE)) {
            AsyncKafkaProducer<String, String> producer = producer(broker);
            try {
                List<CompletableFuture<RecordMetadata>> first = sendRound(producer, "a");
                assertThat(failure(first.get(9))).isInstanceOf(TimeoutException.class);
                int stalledAttempts = broker.stalled.get();
                // The producer id is in use by now; a bump must not ask for another. (Under load, the
                // first InitProducerId may itself time out and be retried: that is not a bump.)
                int initCalls = broker.initProducerIdCalls.get();
                long pid = 1000L + initCalls; // the scripted broker's id for that call

                // The stalled copies arrive before anything else: the first is appended, the rest are
                // duplicates of it.
                stalling.set(false);
                broker.release();
                awaitHandled(broker, stalledAttempts);
                assertThat(broker.log).containsExactly(new Appended(pid, (short) 0, 0, 10));

                // The producer cannot know that, so the partition moves to a new epoch; the late batch
                // stays before the later records, once.
                List<RecordMetadata> second = acks(sendRound(producer, "b"));
                assertThat(broker.log)
                        .containsExactly(new Appended(pid, (short) 0, 0, 10), new Appended(pid, (short) 1, 0, 10));
                assertThat(second)
                        .extracting(RecordMetadata::offset)
                        .startsWith(10L)
                        .endsWith(19L);
                assertThat(broker.initProducerIdCalls.get()).isEqualTo(initCalls);
            } finally {
                producer.closeAsync(Duration.ofSeconds(5)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void futuresOfAPartitionCompleteInSendOrderWhenBatchesExpireAndOneWarnNamesTheLastError() throws Exception {
        try (ScriptedBroker broker = new ScriptedBroker(i -> Fault.STALL);
                LogCapture warnings = LogCapture.open("dev.asynckafka.producer.internal.Sender", Level.WARN)) {
            // Attempts of the first batch start at about 0 s and 1 s and time out at about 1 s, 2 s
            // and 3 s: it expires only at the third timeout, after its 2.5 s deadline. The later
            // batches wait behind it (the first batch of an epoch goes alone) and pass their own
            // deadline (0.2 s + 2.5 s) first: their futures must still fail after the first one's.
            ProducerOptions options = ProducerOptions.builder(ClientOptions.builder()
                            .bootstrapServers(broker.bootstrap())
                            .requestTimeout(Duration.ofSeconds(1))
                            .retryBackoff(Duration.ofMillis(10))
                            .build())
                    .linger(Duration.ZERO)
                    .deliveryTimeout(Duration.ofMillis(2500))
                    .build();
            AsyncKafkaProducer<String, String> producer =
                    AsyncKafkaProducer.create(options, Serializers.string(), Serializers.string());
            List<Integer> completionOrder = new CopyOnWriteArrayList<>();
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) {
                    int index = i;
                    CompletableFuture<RecordMetadata> f =
                            producer.send(new ProducerRecord<>(ScriptedBroker.TOPIC, 0, "k", "v" + i));
                    f.whenComplete((m, e) -> completionOrder.add(index));
                    futures.add(f);
                    if (i == 0) {
                        Thread.sleep(200);
                    }
                }
                for (CompletableFuture<RecordMetadata> f : futures) {
                    assertThat(failure(f)).isInstanceOf(TimeoutException.class);
                }
                assertThat(completionOrder).containsExactly(0, 1, 2, 3, 4, 5);
                // Two expiry bursts (the queued batches, then the first one) within the log interval:
                // one line, naming the partition and the last error it saw.
                assertThat(warnings.all())
                        .filteredOn(l -> l.startsWith("Expired"))
                        .singleElement()
                        .satisfies(l -> assertThat(l)
                                .contains("of t-0")
                                .contains("last error")
                                .contains("got no response within 1000 ms"));
            } finally {
                broker.release();
                producer.closeAsync(Duration.ofSeconds(5)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aPartitionWaitingForItsEpochBumpDoesNotHoldBackAPartitionOnAnotherBroker() throws Exception {
        // Broker 0 leads partition 0 and stalls every Produce after the first; broker 1 leads
        // partition 1 and answers at once.
        try (ScriptedBroker stalled = new ScriptedBroker(i -> i == 0 ? Fault.NONE : Fault.STALL);
                ScriptedBroker healthy = new ScriptedBroker(i -> Fault.NONE)) {
            ScriptedBroker.formCluster(stalled, healthy);
            ProducerOptions options = ProducerOptions.builder(ClientOptions.builder()
                            .bootstrapServers(healthy.bootstrap())
                            .requestTimeout(Duration.ofSeconds(1))
                            .retryBackoff(Duration.ofMillis(10))
                            .build())
                    .linger(Duration.ZERO)
                    .deliveryTimeout(Duration.ofSeconds(6))
                    .build();
            AsyncKafkaProducer<String, String> producer =
                    AsyncKafkaProducer.create(options, Serializers.string(), Serializers.string());
            try {
                send(producer, 0, "acked").get(30, TimeUnit.SECONDS);
                // Two batches of partition 0 go into the stall 3 s apart; both may be in the log.
                CompletableFuture<RecordMetadata> first = send(producer, 0, "first");
                Thread.sleep(3000);
                CompletableFuture<RecordMetadata> second = send(producer, 0, "second");
                assertThat(failure(first)).isInstanceOf(TimeoutException.class);
                // The producer id is in use by now: the bump below must not ask for another.
                int initCalls = stalled.initProducerIdCalls.get() + healthy.initProducerIdCalls.get();
                // Partition 0 now needs a new epoch, but must wait: the second batch may still be
                // written under the old one until it expires (about 3 s from now). Meanwhile,
                // partition 1 goes on, one record after the other.
                for (int i = 0; i < 5; i++) {
                    RecordMetadata m = send(producer, 1, "healthy" + i).get(30, TimeUnit.SECONDS);
                    assertThat(m.offset()).isEqualTo(i);
                }
                assertThat(second).as("partition 0 still waits for its bump").isNotDone();
                assertThat(failure(second)).isInstanceOf(TimeoutException.class);

                // The stall ends: the late copies land in sequence or are fenced, and partition 0
                // continues under the next epoch of the same producer id.
                stalled.release();
                send(producer, 0, "after").get(30, TimeUnit.SECONDS);
                awaitHandled(stalled, stalled.stalled.get());
                assertThat(stalled.initProducerIdCalls.get() + healthy.initProducerIdCalls.get())
                        .isEqualTo(initCalls);
                assertInSequence(stalled.log);
                assertThat(stalled.log.get(stalled.log.size() - 1).epoch()).isEqualTo((short) 1);
                assertThat(healthy.log)
                        .hasSize(5)
                        .allSatisfy(a -> assertThat(a.epoch()).isZero());
            } finally {
                producer.closeAsync(Duration.ofSeconds(5)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** One producer id; epochs never go back; within an epoch, sequences follow on without gap. */
    private static void assertInSequence(List<Appended> log) {
        assertThat(log).extracting(Appended::producerId).containsOnly(log.get(0).producerId());
        for (int i = 1; i < log.size(); i++) {
            Appended before = log.get(i - 1);
            Appended a = log.get(i);
            assertThat(a.epoch()).as("epoch at %d", i).isGreaterThanOrEqualTo(before.epoch());
            int expected = a.epoch() == before.epoch() ? before.baseSequence() + before.count() : 0;
            assertThat(a.baseSequence()).as("sequence at %d of %s", i, log).isEqualTo(expected);
        }
    }

    private static CompletableFuture<RecordMetadata> send(
            AsyncKafkaProducer<String, String> producer, int partition, String value) {
        return producer.send(new ProducerRecord<>(ScriptedBroker.TOPIC, partition, "k", value));
    }

    private static AsyncKafkaProducer<String, String> producer(ScriptedBroker broker) {
        ProducerOptions options = ProducerOptions.builder(ClientOptions.builder()
                        .bootstrapServers(broker.bootstrap())
                        .requestTimeout(Duration.ofMillis(500))
                        .retryBackoff(Duration.ofMillis(10))
                        .build())
                // Records wait for the flush, so that each round is one batch.
                .linger(Duration.ofSeconds(1))
                .deliveryTimeout(Duration.ofMillis(2500))
                .build();
        return AsyncKafkaProducer.create(options, Serializers.string(), Serializers.string());
    }

    private static void awaitHandled(ScriptedBroker broker, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (broker.handledAfterStall.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(broker.handledAfterStall.get()).isEqualTo(count);
    }

    /** Ten records, flushed together: one batch. */
    private static List<CompletableFuture<RecordMetadata>> sendRound(
            AsyncKafkaProducer<String, String> producer, String round) throws Exception {
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            futures.add(producer.send(new ProducerRecord<>(ScriptedBroker.TOPIC, 0, "k", round + i)));
        }
        producer.flush().get(60, TimeUnit.SECONDS);
        return futures;
    }

    private static List<RecordMetadata> acks(List<CompletableFuture<RecordMetadata>> futures) throws Exception {
        List<RecordMetadata> acks = new ArrayList<>();
        for (CompletableFuture<RecordMetadata> f : futures) {
            acks.add(f.get(60, TimeUnit.SECONDS));
        }
        return acks;
    }

    private static Throwable failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure, got " + f.get());
    }
}
