package dev.asynckafka.spring.listener;

import static dev.asynckafka.spring.listener.ListenerTestSupport.FAST;
import static dev.asynckafka.spring.listener.ListenerTestSupport.await;
import static dev.asynckafka.spring.listener.ListenerTestSupport.bytes;
import static dev.asynckafka.spring.listener.ListenerTestSupport.committed;
import static dev.asynckafka.spring.listener.ListenerTestSupport.createTopic;
import static dev.asynckafka.spring.listener.ListenerTestSupport.producer;
import static dev.asynckafka.spring.listener.ListenerTestSupport.readAll;
import static dev.asynckafka.spring.listener.ListenerTestSupport.runner;
import static dev.asynckafka.spring.listener.ListenerTestSupport.string;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.errors.NoOffsetForPartitionException;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Retries in place, dead letters with their headers, undeserializable records, error handler failures. */
@EmbeddedAsyncKafka
@Timeout(180)
class ListenerErrorsIT {

    static final class Calls {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        final List<String> deadLettered = new CopyOnWriteArrayList<>();
        final List<ListenerObserver.Outcome> outcomes = new CopyOnWriteArrayList<>();
        final List<String> assigned = new CopyOnWriteArrayList<>();
    }

    static final class FailingListener {
        final Calls calls;

        FailingListener(Calls calls) {
            this.calls = calls;
        }

        @AsyncKafkaListener(topics = "fail", groupId = "fail-group")
        void on(String value, @Key String key, @Header("trace") String trace, @Topic String topic) {
            calls.calls.add(value);
            calls.attempts.computeIfAbsent(value, v -> new AtomicInteger()).incrementAndGet();
            assertThat(topic).isEqualTo("fail");
            assertThat(trace).isEqualTo("t-" + value);
            if (value.equals("bad")) {
                throw new IllegalArgumentException("cannot handle " + key);
            }
        }
    }

    /** Counts dead letters through the observer callback. */
    static final class DeadLetterObserver implements ListenerObserver {
        final Calls calls;

        DeadLetterObserver(Calls calls) {
            this.calls = calls;
        }

        @Override
        public void deadLettered(ListenerContainer container, TopicPartition partition, long offset, String topic) {
            calls.deadLettered.add(partition + "@" + offset + "->" + topic);
        }

        @Override
        public void processed(
                ListenerContainer container, TopicPartition partition, int records, Duration time, Outcome outcome) {
            if (records == 1 && !time.isNegative()) {
                calls.outcomes.add(outcome);
            }
        }

        @Override
        public void partitionsAssigned(ListenerContainer container, java.util.Collection<TopicPartition> partitions) {
            partitions.forEach(tp -> calls.assigned.add(tp.toString()));
        }
    }

    @Test
    void aFailingRecordIsRetriedThenDeadLetteredAndLaterRecordsProceed(@BootstrapServers String bootstrap)
            throws Exception {
        createTopic(bootstrap, "fail", 1);
        createTopic(bootstrap, "fail.DLT", 1);
        try (KafkaProducer<byte[], byte[]> p = producer(bootstrap)) {
            for (String v : List.of("ok-0", "bad", "ok-1", "ok-2")) {
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>("fail", 0, bytes("key-" + v), bytes(v));
                r.headers().add(new RecordHeader("trace", bytes("t-" + v)));
                p.send(r);
            }
            p.flush();
        }
        Calls calls = new Calls();
        runner(bootstrap)
                .withBean(ListenerSettings.class, () -> FAST)
                .withBean(Calls.class, () -> calls)
                .withBean(DeadLetterObserver.class)
                .withBean(FailingListener.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    await("all records", () -> calls.calls.contains("ok-2"));
                    await(
                            "committed past the dead letter",
                            () -> committedOffset(bootstrap, "fail-group", "fail") == 4L);
                    assertThat(calls.attempts.get("bad")).hasValue(3);
                    assertThat(calls.calls).containsExactly("ok-0", "bad", "bad", "bad", "ok-1", "ok-2");
                    assertThat(calls.deadLettered).containsExactly("fail-0@1->fail.DLT");
                    assertThat(calls.assigned).containsExactly("fail-0");
                    assertThat(calls.outcomes)
                            .containsExactly(
                                    ListenerObserver.Outcome.SUCCESS,
                                    ListenerObserver.Outcome.RETRY,
                                    ListenerObserver.Outcome.RETRY,
                                    ListenerObserver.Outcome.FAILURE,
                                    ListenerObserver.Outcome.SUCCESS,
                                    ListenerObserver.Outcome.SUCCESS);
                });
        List<ConsumerRecord<byte[], byte[]>> dlt = readAll(bootstrap, "fail.DLT", 1);
        ConsumerRecord<byte[], byte[]> r = dlt.get(0);
        assertThat(string(r.key())).isEqualTo("key-bad");
        assertThat(string(r.value())).isEqualTo("bad");
        assertThat(header(r, "trace")).isEqualTo("t-bad");
        assertThat(header(r, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo("fail");
        assertThat(header(r, DeadLetterHeaders.ORIGINAL_PARTITION)).isEqualTo("0");
        assertThat(header(r, DeadLetterHeaders.ORIGINAL_OFFSET)).isEqualTo("1");
        assertThat(Long.parseLong(header(r, DeadLetterHeaders.ORIGINAL_TIMESTAMP)))
                .isPositive();
        assertThat(header(r, DeadLetterHeaders.EXCEPTION_CLASS)).isEqualTo(IllegalArgumentException.class.getName());
        assertThat(header(r, DeadLetterHeaders.EXCEPTION_MESSAGE)).isEqualTo("cannot handle key-bad");
        assertThat(header(r, DeadLetterHeaders.ATTEMPTS)).isEqualTo("3");
    }

    static final class IntegerListener {
        final List<Integer> values = new CopyOnWriteArrayList<>();

        @AsyncKafkaListener(topics = "ints", groupId = "ints-group")
        CompletableFuture<Void> on(int value) {
            values.add(value);
            // Async failure: retried like a thrown exception.
            return value == 13
                    ? CompletableFuture.failedFuture(new IllegalStateException("unlucky"))
                    : CompletableFuture.completedFuture(null);
        }
    }

    @Test
    void undeserializableAndAsyncFailingRecordsGoToTheDeadLetterTopic(@BootstrapServers String bootstrap)
            throws Exception {
        createTopic(bootstrap, "ints", 1);
        createTopic(bootstrap, "ints.DLT", 1);
        byte[] garbage = {1, 2, 3};
        try (KafkaProducer<byte[], byte[]> p = producer(bootstrap)) {
            p.send(new ProducerRecord<>(
                    "ints", 0, null, ByteBuffer.allocate(4).putInt(1).array()));
            p.send(new ProducerRecord<>("ints", 0, null, garbage));
            p.send(new ProducerRecord<>(
                    "ints", 0, null, ByteBuffer.allocate(4).putInt(13).array()));
            p.send(new ProducerRecord<>(
                    "ints", 0, null, ByteBuffer.allocate(4).putInt(2).array()));
            p.flush();
        }
        runner(bootstrap)
                .withBean(ListenerSettings.class, () -> FAST)
                .withBean(IntegerListener.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    IntegerListener listener = context.getBean(IntegerListener.class);
                    await("all records", () -> listener.values.contains(2));
                    await("committed to the end", () -> committedOffset(bootstrap, "ints-group", "ints") == 4L);
                    // The undeserializable record never reaches the listener and is not retried.
                    assertThat(listener.values).containsExactly(1, 13, 13, 13, 2);
                });
        List<ConsumerRecord<byte[], byte[]>> dlt = readAll(bootstrap, "ints.DLT", 2);
        ConsumerRecord<byte[], byte[]> undeserializable = dlt.get(0);
        assertThat(undeserializable.value()).isEqualTo(garbage);
        assertThat(header(undeserializable, DeadLetterHeaders.ORIGINAL_OFFSET)).isEqualTo("1");
        assertThat(header(undeserializable, DeadLetterHeaders.ATTEMPTS)).isEqualTo("0");
        assertThat(header(undeserializable, DeadLetterHeaders.EXCEPTION_MESSAGE))
                .contains("deserialize");
        ConsumerRecord<byte[], byte[]> unlucky = dlt.get(1);
        assertThat(ByteBuffer.wrap(unlucky.value()).getInt()).isEqualTo(13);
        assertThat(header(unlucky, DeadLetterHeaders.EXCEPTION_CLASS)).isEqualTo(IllegalStateException.class.getName());
        assertThat(header(unlucky, DeadLetterHeaders.ATTEMPTS)).isEqualTo("3");
    }

    /** Fails its first calls, then succeeds: the partition waits for it. */
    static final class FlakyHandler implements ListenerErrorHandler {
        final AtomicInteger calls = new AtomicInteger();
        final List<String> handled = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<Void> handle(ListenerFailure failure) {
            if (calls.incrementAndGet() <= 2) {
                return CompletableFuture.failedFuture(new IllegalStateException("handler down"));
            }
            failure.records().forEach(r -> handled.add(string(r.value())));
            return CompletableFuture.completedFuture(null);
        }
    }

    /** Records every failed error handler call the container reports. */
    static final class HandlerFailureObserver implements ListenerObserver {
        final List<String> failures = new CopyOnWriteArrayList<>();

        @Override
        public void deadLetterFailed(
                ListenerContainer container, TopicPartition partition, long offset, Throwable error) {
            failures.add(partition + "@" + offset + ": " + error.getMessage());
        }
    }

    static final class AlwaysFailing {
        final List<String> values = new CopyOnWriteArrayList<>();

        @AsyncKafkaListener(topics = "handler", groupId = "handler-group")
        void on(String value) {
            values.add(value);
            if (value.startsWith("bad")) {
                throw new IllegalStateException("no");
            }
        }
    }

    @Test
    void aFailingErrorHandlerIsCalledAgainAndTheUserHandlerReplacesTheDefault(@BootstrapServers String bootstrap)
            throws Exception {
        createTopic(bootstrap, "handler", 1);
        try (KafkaProducer<byte[], byte[]> p = producer(bootstrap)) {
            for (String v : List.of("bad-0", "ok-1")) {
                p.send(new ProducerRecord<>("handler", 0, null, bytes(v)));
            }
            p.flush();
        }
        FlakyHandler handler = new FlakyHandler();
        HandlerFailureObserver observer = new HandlerFailureObserver();
        ListenerSettings oneAttempt = new ListenerSettings(
                true,
                8,
                100,
                500,
                Duration.ofMillis(200),
                Duration.ofSeconds(10),
                new ListenerSettings.Retry(1, FAST.retry().backoff()),
                FAST.deadLetter(),
                FAST.executor());
        runner(bootstrap)
                .withBean(ListenerSettings.class, () -> oneAttempt)
                .withBean(ListenerErrorHandler.class, () -> handler)
                .withBean(HandlerFailureObserver.class, () -> observer)
                .withBean(AlwaysFailing.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).getBean(ListenerErrorHandler.class).isSameAs(handler);
                    AlwaysFailing listener = context.getBean(AlwaysFailing.class);
                    await("the next record", () -> listener.values.contains("ok-1"));
                    assertThat(handler.calls).hasValue(3);
                    assertThat(handler.handled).containsExactly("bad-0");
                    // Each failed handler call is reported (and logged at ERROR), not retried silently.
                    assertThat(observer.failures)
                            .containsExactly("handler-0@0: handler down", "handler-0@0: handler down");
                    // One attempt only (max-attempts = 1), and the next record waited for the handler.
                    assertThat(listener.values).containsExactly("bad-0", "ok-1");
                    await("committed", () -> committedOffset(bootstrap, "handler-group", "handler") == 2L);
                });
    }

    static final class NoResetListener {
        @AsyncKafkaListener(
                id = "no-reset",
                topics = "no-reset",
                groupId = "no-reset-group",
                properties = "auto.offset.reset=none")
        void on(String value) {}
    }

    @Test
    void aConsumerThatFailsForGoodMovesTheContainerToFailed(@BootstrapServers String bootstrap) throws Exception {
        createTopic(bootstrap, "no-reset", 1);
        runner(bootstrap)
                .withBean(ListenerSettings.class, () -> FAST)
                .withBean(NoResetListener.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ListenerContainer c = context.getBean(AsyncKafkaListenerRegistry.class)
                            .container("no-reset")
                            .orElseThrow();
                    // No committed offset and auto.offset.reset=none: the partition fails for good.
                    await("failure", () -> c.failure() != null);
                    // FAILED as soon as the failure is known, also while it still stops.
                    assertThat(c.state()).isEqualTo(ListenerContainer.State.FAILED);
                    assertThat(c.failure()).isInstanceOf(NoOffsetForPartitionException.class);
                    await("stopped", () -> c.consumer() == null);
                    assertThat(c.state()).isEqualTo(ListenerContainer.State.FAILED);
                });
    }

    private static long committedOffset(String bootstrap, String group, String topic) {
        try {
            Long offset = committed(bootstrap, group, topic).get(0);
            return offset == null ? -1 : offset;
        } catch (Exception e) {
            return -1;
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String key) {
        org.apache.kafka.common.header.Header h = r.headers().lastHeader(key);
        assertThat(h).as("header " + key).isNotNull();
        return string(h.value());
    }
}
