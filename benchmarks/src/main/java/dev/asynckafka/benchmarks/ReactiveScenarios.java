package dev.asynckafka.benchmarks;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.consumer.AutoOffsetReset;
import dev.asynckafka.consumer.ConsumerOptions;
import dev.asynckafka.producer.Acks;
import dev.asynckafka.producer.ProducerOptions;
import dev.asynckafka.producer.ProducerRecord;
import dev.asynckafka.reactor.KafkaReceiver;
import dev.asynckafka.reactor.KafkaSender;
import dev.asynckafka.reactor.ReceiverOptions;
import dev.asynckafka.reactor.SenderOptions;
import dev.asynckafka.reactor.SenderRecord;
import dev.asynckafka.record.CompressionType;
import dev.asynckafka.serialization.Deserializers;
import dev.asynckafka.serialization.Serializers;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Flux;

/**
 * The receive and send workloads through async-kafka-reactor's {@code KafkaReceiver} and {@code
 * KafkaSender}, configured like the plain clients and like {@link ReactorKafkaScenarios}.
 */
final class ReactiveScenarios {
    private ReactiveScenarios() {}

    static Map<String, Double> run(ScenarioWorker.Scenario scenario, String bootstrap, String topic, int n, int size) {
        return switch (scenario) {
            case CONSUME -> receive(bootstrap, topic, n);
            case PRODUCE -> send(bootstrap, topic, n, size);
            default -> throw new IllegalArgumentException("no reactive variant of " + scenario);
        };
    }

    /**
     * {@code receive()} of every partition (manual assignment, no group), from the beginning; the
     * first tenth warms up, the rest is measured up to the last record's {@code onNext}.
     */
    static Map<String, Double> receive(String bootstrap, String topic, int records) {
        ConsumerOptions consumer = ConsumerOptions.builder(
                        ClientOptions.builder().bootstrapServers(bootstrap).build())
                .autoOffsetReset(AutoOffsetReset.EARLIEST)
                .checkCrcs(true)
                .build();
        KafkaReceiver<byte[], byte[]> receiver = KafkaReceiver.create(
                ReceiverOptions.builder(consumer, Deserializers.byteArray(), Deserializers.byteArray())
                        .assignment(AsyncKafkaScenarios.partitions(topic))
                        .build());
        int warmup = records / 10;
        AtomicLong count = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicReference<Measurement> m = new AtomicReference<>();
        AtomicReference<Map<String, Double>> result = new AtomicReference<>();
        receiver.receive()
                .take(records)
                .doOnNext(r -> {
                    bytes.addAndGet(r.value().length);
                    long c = count.incrementAndGet();
                    if (c == warmup) {
                        m.set(Measurement.start());
                    } else if (c == records) {
                        result.set(Results.throughput(m.get(), records - warmup, 0));
                    }
                })
                .blockLast(Duration.ofMinutes(10));
        if (bytes.get() == 0 || result.get() == null) {
            throw new IllegalStateException("read " + count.get() + " of " + records);
        }
        return result.get();
    }

    /** {@code send(Flux)} of {@code records} records after a tenth as many to warm up. */
    static Map<String, Double> send(String bootstrap, String topic, int records, int size) {
        Payloads payloads = new Payloads(size);
        ProducerOptions producer = ProducerOptions.builder(
                        ClientOptions.builder().bootstrapServers(bootstrap).build())
                .acks(Acks.ALL)
                .enableIdempotence(true)
                .compressionType(CompressionType.forName(Settings.COMPRESSION))
                .linger(Duration.ofMillis(Settings.LINGER_MS))
                .batchSize(Settings.BATCH_SIZE)
                .build();
        try (KafkaSender<byte[], byte[]> sender =
                KafkaSender.create(SenderOptions.builder(producer, Serializers.byteArray(), Serializers.byteArray())
                        .maxInFlight(Settings.REACTIVE_MAX_IN_FLIGHT)
                        .stopOnError(false)
                        .build())) {
            AtomicLong failures = new AtomicLong();
            sendAll(sender, topic, payloads, Math.max(1, records / 10), failures);
            Measurement m = Measurement.start();
            sendAll(sender, topic, payloads, records, failures);
            return Results.throughput(m, records, failures.get());
        }
    }

    private static void sendAll(
            KafkaSender<byte[], byte[]> sender, String topic, Payloads payloads, int records, AtomicLong failures) {
        sender.send(Flux.range(0, records)
                        .map(i -> SenderRecord.create(new ProducerRecord<byte[], byte[]>(topic, payloads.value(i)), i)))
                .doOnNext(r -> {
                    if (!r.isSuccess()) {
                        failures.incrementAndGet();
                    }
                })
                .blockLast(Duration.ofMinutes(10));
    }
}
