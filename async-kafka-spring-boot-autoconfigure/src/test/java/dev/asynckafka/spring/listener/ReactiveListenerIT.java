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

import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Listener methods returning reactive types, through Spring's ReactiveAdapterRegistry: a record is
 * done when the returned {@code Mono}/{@code Flux} completes, and an error signal is a failure,
 * retried and dead-lettered like a thrown exception.
 */
@EmbeddedAsyncKafka
@Timeout(180)
class ReactiveListenerIT {

    static final class MonoListener {
        final List<String> calls = new CopyOnWriteArrayList<>();
        /** Values whose Mono completed, added by the Mono itself (after a delay, on a timer thread). */
        final Set<String> completed = ConcurrentHashMap.newKeySet();
        /** For each call, whether the Mono of the record before it had completed when it was made. */
        final List<Boolean> previousCompleted = new CopyOnWriteArrayList<>();

        @AsyncKafkaListener(topics = "mono", groupId = "mono-group")
        Mono<Void> on(String value) {
            if (!calls.isEmpty()) {
                previousCompleted.add(completed.contains(calls.get(calls.size() - 1)));
            }
            calls.add(value);
            if (value.equals("bad")) {
                return Mono.error(new IllegalStateException("cannot handle " + value));
            }
            // Lazy: runs only if the container subscribes, and completes later on another thread.
            return Mono.delay(Duration.ofMillis(50)).then(Mono.fromRunnable(() -> completed.add(value)));
        }
    }

    @Test
    void aMonoIsDoneWhenItCompletesAndAnErrorIsRetriedThenDeadLettered(@BootstrapServers String bootstrap)
            throws Exception {
        createTopic(bootstrap, "mono", 1);
        createTopic(bootstrap, "mono.DLT", 1);
        try (KafkaProducer<byte[], byte[]> p = producer(bootstrap)) {
            for (String v : List.of("a", "b", "bad", "c")) {
                p.send(new ProducerRecord<>("mono", 0, null, bytes(v)));
            }
            p.flush();
        }
        runner(bootstrap)
                .withBean(ListenerSettings.class, () -> FAST)
                .withBean(MonoListener.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    MonoListener listener = context.getBean(MonoListener.class);
                    await("c completed", () -> listener.completed.contains("c"));
                    await("committed to the end", () -> committedOffset(bootstrap, "mono-group", "mono") == 4L);
                    assertThat(listener.calls).containsExactly("a", "b", "bad", "bad", "bad", "c");
                    assertThat(listener.completed).containsExactlyInAnyOrder("a", "b", "c");
                    // The next record came only after the previous Mono completed (or failed, for "bad").
                    // ("bad" fails instead of completing, so the calls after it see no completion.)
                    assertThat(listener.previousCompleted).containsExactly(true, true, false, false, false);
                });
        List<ConsumerRecord<byte[], byte[]>> dlt = readAll(bootstrap, "mono.DLT", 1);
        assertThat(string(dlt.get(0).value())).isEqualTo("bad");
        assertThat(string(dlt.get(0)
                        .headers()
                        .lastHeader(DeadLetterHeaders.EXCEPTION_CLASS)
                        .value()))
                .isEqualTo(IllegalStateException.class.getName());
        assertThat(string(dlt.get(0)
                        .headers()
                        .lastHeader(DeadLetterHeaders.ATTEMPTS)
                        .value()))
                .isEqualTo("3");
    }

    static final class FluxListener {
        final List<String> emitted = new CopyOnWriteArrayList<>();

        /** Any reactive type works; its elements are ignored and it is done when it completes. */
        @AsyncKafkaListener(topics = "flux", groupId = "flux-group")
        Flux<String> on(String value) {
            return Flux.just(value + "-1", value + "-2").doOnNext(emitted::add);
        }
    }

    @Test
    void aFluxIsConsumedToItsEnd(@BootstrapServers String bootstrap) throws Exception {
        createTopic(bootstrap, "flux", 1);
        try (KafkaProducer<byte[], byte[]> p = producer(bootstrap)) {
            for (String v : List.of("x", "y")) {
                p.send(new ProducerRecord<>("flux", 0, null, bytes(v)));
            }
            p.flush();
        }
        runner(bootstrap)
                .withBean(ListenerSettings.class, () -> FAST)
                .withBean(FluxListener.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    FluxListener listener = context.getBean(FluxListener.class);
                    await("committed to the end", () -> committedOffset(bootstrap, "flux-group", "flux") == 2L);
                    assertThat(listener.emitted).containsExactly("x-1", "x-2", "y-1", "y-2");
                });
    }

    private static long committedOffset(String bootstrap, String group, String topic) {
        try {
            return committed(bootstrap, group, topic).getOrDefault(0, -1L);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
