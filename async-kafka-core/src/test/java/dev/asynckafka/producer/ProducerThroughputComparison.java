package dev.asynckafka.producer;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.record.CompressionType;
import dev.asynckafka.serialization.Serializers;
import dev.asynckafka.test.EmbeddedKafkaCluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A first throughput comparison with kafka-clients' {@code KafkaProducer}, not part of the test
 * suite: run by hand with the test classpath ({@code java -cp ... ProducerThroughputComparison
 * [rounds]}). Same in-process broker, same settings (1,000,000 records of 100 bytes, no key,
 * acks=all, idempotence on, lz4, linger.ms 5, 8 partitions), runs interleaved A/B, each on a fresh
 * topic; times from the first send until every record is acknowledged.
 */
public final class ProducerThroughputComparison {
    private static final int RECORDS = 1_000_000;
    private static final int PARTITIONS = 8;

    private ProducerThroughputComparison() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        boolean oursOnly = args.length > 1 && args[1].equals("ours-only");
        byte[] value = new byte[100];
        new Random(1).nextBytes(value);
        try (EmbeddedKafkaCluster kafka =
                EmbeddedKafkaCluster.builder().brokers(1).start()) {
            String bootstrap = kafka.bootstrapServers();
            int topic = 0;
            // Warm-up of both, not counted.
            runOurs(kafka, bootstrap, "warm-" + topic++, value);
            if (oursOnly) {
                // For profiling this client alone.
                for (int round = 1; round <= rounds; round++) {
                    System.out.printf("async-kafka %.0f records/s%n", runOurs(kafka, bootstrap, "t-" + topic++, value));
                }
                return;
            }
            runTheirs(kafka, bootstrap, "warm-" + topic++, value);
            double oursTotal = 0;
            double theirsTotal = 0;
            for (int round = 1; round <= rounds; round++) {
                double ours;
                double theirs;
                if (round % 2 == 1) {
                    ours = runOurs(kafka, bootstrap, "t-" + topic++, value);
                    theirs = runTheirs(kafka, bootstrap, "t-" + topic++, value);
                } else {
                    theirs = runTheirs(kafka, bootstrap, "t-" + topic++, value);
                    ours = runOurs(kafka, bootstrap, "t-" + topic++, value);
                }
                oursTotal += ours;
                theirsTotal += theirs;
                System.out.printf(
                        "round %d: async-kafka %.0f records/s, kafka-clients %.0f records/s, ratio %.2f%n",
                        round, ours, theirs, ours / theirs);
            }
            System.out.printf(
                    "mean: async-kafka %.0f records/s, kafka-clients %.0f records/s, ratio %.2f%n",
                    oursTotal / rounds, theirsTotal / rounds, oursTotal / theirsTotal);
        }
    }

    private static double runOurs(EmbeddedKafkaCluster kafka, String bootstrap, String topic, byte[] value)
            throws Exception {
        kafka.createTopic(topic, PARTITIONS, (short) 1);
        ProducerOptions options = ProducerOptions.builder(
                        ClientOptions.builder().bootstrapServers(bootstrap).build())
                .acks(Acks.ALL)
                .compressionType(CompressionType.LZ4)
                .linger(Duration.ofMillis(5))
                .build();
        AsyncKafkaProducer<byte[], byte[]> producer =
                AsyncKafkaProducer.create(options, Serializers.byteArray(), Serializers.byteArray());
        try {
            // Untimed: one record per partition, so that every partition's leader is ready.
            for (int p = 0; p < PARTITIONS; p++) {
                producer.send(new ProducerRecord<>(topic, p, null, value)).get(60, TimeUnit.SECONDS);
            }
            AtomicLong acked = new AtomicLong();
            AtomicReference<Throwable> error = new AtomicReference<>();
            long start = System.nanoTime();
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(topic, value)).whenComplete((m, e) -> {
                    if (e != null) {
                        error.compareAndSet(null, e);
                    } else {
                        acked.incrementAndGet();
                    }
                });
            }
            producer.flush().get(300, TimeUnit.SECONDS);
            long nanos = System.nanoTime() - start;
            check(acked.get(), error.get());
            if (Boolean.getBoolean("comparison.metrics")) {
                System.out.println(producer.metrics());
            }
            return RECORDS / (nanos / 1e9);
        } finally {
            producer.closeAsync(Duration.ofSeconds(10)).get(60, TimeUnit.SECONDS);
        }
    }

    private static double runTheirs(EmbeddedKafkaCluster kafka, String bootstrap, String topic, byte[] value)
            throws Exception {
        kafka.createTopic(topic, PARTITIONS, (short) 1);
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            // Untimed: one record per partition, so that every partition's leader is ready.
            for (int p = 0; p < PARTITIONS; p++) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, p, null, value))
                        .get(60, TimeUnit.SECONDS);
            }
            AtomicLong acked = new AtomicLong();
            AtomicReference<Throwable> error = new AtomicReference<>();
            long start = System.nanoTime();
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, value), (m, e) -> {
                    if (e != null) {
                        error.compareAndSet(null, e);
                    } else {
                        acked.incrementAndGet();
                    }
                });
            }
            producer.flush();
            long nanos = System.nanoTime() - start;
            check(acked.get(), error.get());
            return RECORDS / (nanos / 1e9);
        }
    }

    private static void check(long acked, Throwable error) {
        if (error != null || acked != RECORDS) {
            throw new IllegalStateException("only " + acked + " of " + RECORDS + " acknowledged", error);
        }
    }
}
