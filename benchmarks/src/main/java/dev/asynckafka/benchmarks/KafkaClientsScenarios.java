package dev.asynckafka.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The scenarios run with the official Java client, configured like ours. */
final class KafkaClientsScenarios {
    private KafkaClientsScenarios() {}

    static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, Settings.COMPRESSION);
        p.put(ProducerConfig.LINGER_MS_CONFIG, Settings.LINGER_MS);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Settings.BATCH_SIZE);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CHECK_CRCS_CONFIG, "true");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        List<TopicPartition> tps = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic)) {
            tps.add(new TopicPartition(topic, info.partition()));
        }
        return tps;
    }

    /** Sends records as fast as the client takes them; returns rates after an in-JVM warm-up. */
    static Map<String, Double> produce(String bootstrap, String topic, int records, int size) throws Exception {
        Payloads payloads = new Payloads(size);
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            int warmup = Math.max(1, records / 10);
            for (int i = 0; i < warmup; i++) {
                producer.send(new ProducerRecord<>(topic, payloads.value(i)));
            }
            producer.flush();
            AtomicLong failures = new AtomicLong();
            Measurement m = Measurement.start();
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, payloads.value(i)), (md, e) -> {
                    if (e != null) {
                        failures.incrementAndGet();
                    }
                });
            }
            producer.flush();
            return Results.throughput(m, records, failures.get());
        }
    }

    /** Transactions of {@link Settings#TXN_RECORDS} records each, as the async-kafka scenario. */
    static Map<String, Double> transactionalProduce(String bootstrap, String topic, int records, int size) {
        Payloads payloads = new Payloads(size);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, Settings.COMPRESSION);
        p.put(ProducerConfig.LINGER_MS_CONFIG, Settings.LINGER_MS);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Settings.BATCH_SIZE);
        p.put(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                "bench-kc-" + topic + "-" + ProcessHandle.current().pid());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            int transactions = Math.max(1, records / Settings.TXN_RECORDS);
            int warmup = Math.max(1, transactions / 10);
            AtomicLong failures = new AtomicLong();
            Measurement m = Measurement.start(); // restarted after the warm-up
            for (int t = 0; t < warmup + transactions; t++) {
                if (t == warmup) {
                    m = Measurement.start();
                }
                producer.beginTransaction();
                for (int i = 0; i < Settings.TXN_RECORDS; i++) {
                    producer.send(new ProducerRecord<>(topic, payloads.value(i)), (md, e) -> {
                        if (e != null) {
                            failures.incrementAndGet();
                        }
                    });
                }
                producer.commitTransaction();
            }
            return Results.throughput(m, (long) transactions * Settings.TXN_RECORDS, failures.get());
        }
    }

    /** Reads the topic from the beginning; the first tenth warms up, the rest is measured. */
    static Map<String, Double> consume(String bootstrap, String topic, int records) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            List<TopicPartition> tps = partitions(consumer, topic);
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            int warmup = records / 10;
            long count = 0;
            long bytes = 0;
            Measurement m = null;
            while (count < records) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    bytes += r.value().length;
                    count++;
                    if (m == null && count >= warmup) {
                        m = Measurement.start();
                    }
                }
            }
            if (bytes == 0) {
                throw new IllegalStateException("read nothing");
            }
            return Results.throughput(m, records - warmup, 0);
        }
    }

    /** Fixed-rate end-to-end latency, producer and consumer of this client in one JVM. */
    static Map<String, Double> latency(String bootstrap, String topic, int rate, int seconds) throws Exception {
        Payloads payloads = new Payloads(Settings.LATENCY_VALUE_SIZE);
        Latencies latencies = new Latencies();
        AtomicBoolean running = new AtomicBoolean(true);
        long measureFrom = System.nanoTime() + (long) (seconds * 0.2e9);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap);
                KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            List<TopicPartition> tps = partitions(consumer, topic);
            consumer.assign(tps);
            consumer.seekToEnd(tps);
            for (TopicPartition tp : tps) {
                consumer.position(tp);
            }
            Thread reader = new Thread(() -> {
                while (running.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        long sent = Payloads.stampOf(r.value());
                        if (sent >= measureFrom) {
                            latencies.add((System.nanoTime() - sent) / 1000);
                        }
                    }
                }
            });
            reader.start();
            Measurement m = Measurement.start();
            paced(
                    rate,
                    seconds,
                    i -> producer.send(new ProducerRecord<>(
                            topic, (int) (i % tps.size()), null, payloads.stamped(i, System.nanoTime()))));
            producer.flush();
            Thread.sleep(2000);
            running.set(false);
            reader.join();
            return Results.latency(m, latencies);
        }
    }

    /**
     * The poll loop a kafka-clients user writes: records processed in order on one thread; each
     * record of partition 0 takes {@link Settings#SLOW_PROCESSING_MS}.
     */
    static Map<String, Double> slowPartition(String bootstrap, String topic, int rate, int seconds) throws Exception {
        Latencies fast = new Latencies();
        AtomicBoolean running = new AtomicBoolean(true);
        long measureFrom = System.nanoTime() + (long) (seconds * 0.2e9);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            List<TopicPartition> tps = partitions(consumer, topic);
            consumer.assign(tps);
            consumer.seekToEnd(tps);
            for (TopicPartition tp : tps) {
                consumer.position(tp);
            }
            Thread reader = new Thread(() -> {
                while (running.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        if (r.partition() == 0) {
                            sleepMillis(Settings.SLOW_PROCESSING_MS);
                        } else {
                            long sent = Payloads.stampOf(r.value());
                            if (sent >= measureFrom) {
                                fast.add((System.nanoTime() - sent) / 1000);
                            }
                        }
                    }
                }
            });
            reader.start();
            Measurement m = Measurement.start();
            SlowPartitionLoad.run(bootstrap, topic, rate, seconds);
            Thread.sleep(2000);
            running.set(false);
            reader.join();
            return Results.latency(m, fast);
        }
    }

    static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    interface Send {
        void send(long i) throws Exception;
    }

    /** Calls {@code send} {@code rate} times a second for {@code seconds}, evenly spaced. */
    static void paced(int rate, int seconds, Send send) throws Exception {
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        long total = (long) rate * seconds;
        for (long i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            send.send(i);
        }
    }
}
