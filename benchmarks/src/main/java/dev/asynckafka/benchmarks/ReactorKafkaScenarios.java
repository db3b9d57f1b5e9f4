package dev.asynckafka.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import reactor.core.publisher.Flux;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverOptions;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderOptions;
import reactor.kafka.sender.SenderRecord;

/**
 * The receive and send workloads through reactor-kafka 1.3.x, as {@link ReactiveScenarios} runs
 * them through async-kafka-reactor. Runs only in a worker JVM whose class path has reactor-kafka and
 * kafka-clients 3.x in place of kafka-clients 4 (see {@code BenchmarkMain}): this class uses only
 * kafka-clients API that both versions share.
 */
final class ReactorKafkaScenarios {
    private ReactorKafkaScenarios() {}

    static Map<String, Double> run(ScenarioWorker.Scenario scenario, String bootstrap, String topic, int n, int size) {
        return switch (scenario) {
            case CONSUME -> receive(bootstrap, topic, n);
            case PRODUCE -> send(bootstrap, topic, n, size);
            default -> throw new IllegalArgumentException("no reactor-kafka variant of " + scenario);
        };
    }

    static Map<String, Double> receive(String bootstrap, String topic, int records) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CHECK_CRCS_CONFIG, "true");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<TopicPartition> tps = new ArrayList<>();
        for (int partition = 0; partition < Settings.PARTITIONS; partition++) {
            tps.add(new TopicPartition(topic, partition));
        }
        KafkaReceiver<byte[], byte[]> receiver =
                KafkaReceiver.create(ReceiverOptions.<byte[], byte[]>create(p).assignment(tps));
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

    static Map<String, Double> send(String bootstrap, String topic, int records, int size) {
        Payloads payloads = new Payloads(size);
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, Settings.COMPRESSION);
        p.put(ProducerConfig.LINGER_MS_CONFIG, Settings.LINGER_MS);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Settings.BATCH_SIZE);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        KafkaSender<byte[], byte[]> sender = KafkaSender.create(SenderOptions.<byte[], byte[]>create(p)
                .maxInFlight(Settings.REACTIVE_MAX_IN_FLIGHT)
                .stopOnError(false));
        try {
            AtomicLong failures = new AtomicLong();
            sendAll(sender, topic, payloads, Math.max(1, records / 10), failures);
            Measurement m = Measurement.start();
            sendAll(sender, topic, payloads, records, failures);
            return Results.throughput(m, records, failures.get());
        } finally {
            sender.close();
        }
    }

    private static void sendAll(
            KafkaSender<byte[], byte[]> sender, String topic, Payloads payloads, int records, AtomicLong failures) {
        sender.send(Flux.range(0, records)
                        .map(i -> SenderRecord.create(new ProducerRecord<byte[], byte[]>(topic, payloads.value(i)), i)))
                .doOnNext(r -> {
                    if (r.exception() != null) {
                        failures.incrementAndGet();
                    }
                })
                .blockLast(Duration.ofMinutes(10));
    }
}
