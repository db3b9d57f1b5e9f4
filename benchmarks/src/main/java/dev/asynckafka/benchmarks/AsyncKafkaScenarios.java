package dev.asynckafka.benchmarks;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.consumer.AutoOffsetReset;
import dev.asynckafka.consumer.ConsumerOptions;
import dev.asynckafka.consumer.ConsumerRecord;
import dev.asynckafka.consumer.ConsumerRecords;
import dev.asynckafka.producer.Acks;
import dev.asynckafka.producer.AsyncKafkaProducer;
import dev.asynckafka.producer.ProducerOptions;
import dev.asynckafka.producer.ProducerRecord;
import dev.asynckafka.record.CompressionType;
import dev.asynckafka.serialization.Deserializers;
import dev.asynckafka.serialization.Serializers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** The scenarios run with async-kafka, configured like kafka-clients. */
final class AsyncKafkaScenarios {
    private AsyncKafkaScenarios() {}

    static Map<String, Double> run(ScenarioWorker.Scenario scenario, String bootstrap, String topic, int n, int size)
            throws Exception {
        return switch (scenario) {
            case CONSUME -> consume(bootstrap, topic, n);
            case SLOW_PARTITION -> slowPartition(bootstrap, topic, Settings.SLOW_RATE, n);
            case PRODUCE -> produce(bootstrap, topic, n, size);
            case LATENCY -> latency(bootstrap, topic, Settings.LATENCY_RATE, n);
            case TXN_PRODUCE -> transactionalProduce(bootstrap, topic, n, size);
        };
    }

    /**
     * Transactions of {@link Settings#TXN_RECORDS} records each, one after the other: begin, send,
     * commit (which sends and awaits every record, then ends the transaction). The first tenth warms
     * up.
     */
    static Map<String, Double> transactionalProduce(String bootstrap, String topic, int records, int size)
            throws Exception {
        Payloads payloads = new Payloads(size);
        ProducerOptions options = ProducerOptions.builder(
                        ClientOptions.builder().bootstrapServers(bootstrap).build())
                .acks(Acks.ALL)
                .compressionType(CompressionType.forName(Settings.COMPRESSION))
                .linger(Duration.ofMillis(Settings.LINGER_MS))
                .batchSize(Settings.BATCH_SIZE)
                .transactionalId(
                        "bench-async-" + topic + "-" + ProcessHandle.current().pid())
                .build();
        AsyncKafkaProducer<byte[], byte[]> producer =
                AsyncKafkaProducer.create(options, Serializers.byteArray(), Serializers.byteArray());
        try {
            producer.initTransactions().get(120, TimeUnit.SECONDS);
            int transactions = Math.max(1, records / Settings.TXN_RECORDS);
            int warmup = Math.max(1, transactions / 10);
            AtomicLong failures = new AtomicLong();
            Measurement m = Measurement.start(); // restarted after the warm-up
            for (int t = 0; t < warmup + transactions; t++) {
                if (t == warmup) {
                    m = Measurement.start();
                }
                producer.beginTransaction().get(60, TimeUnit.SECONDS);
                for (int i = 0; i < Settings.TXN_RECORDS; i++) {
                    producer.send(new ProducerRecord<byte[], byte[]>(topic, payloads.value(i)))
                            .whenComplete((md, e) -> {
                                if (e != null) {
                                    failures.incrementAndGet();
                                }
                            });
                }
                producer.commitTransaction().get(120, TimeUnit.SECONDS);
            }
            return Results.throughput(m, (long) transactions * Settings.TXN_RECORDS, failures.get());
        } finally {
            producer.closeAsync(Duration.ofSeconds(30)).get(60, TimeUnit.SECONDS);
        }
    }

    static AsyncKafkaProducer<byte[], byte[]> producer(String bootstrap) {
        ClientOptions client =
                ClientOptions.builder().bootstrapServers(bootstrap).build();
        ProducerOptions options = ProducerOptions.builder(client)
                .acks(Acks.ALL)
                .enableIdempotence(true)
                .compressionType(CompressionType.forName(Settings.COMPRESSION))
                .linger(Duration.ofMillis(Settings.LINGER_MS))
                .batchSize(Settings.BATCH_SIZE)
                .build();
        return AsyncKafkaProducer.create(options, Serializers.byteArray(), Serializers.byteArray());
    }

    /** Sends records as fast as the client takes them; returns rates after an in-JVM warm-up. */
    static Map<String, Double> produce(String bootstrap, String topic, int records, int size) throws Exception {
        Payloads payloads = new Payloads(size);
        AsyncKafkaProducer<byte[], byte[]> producer = producer(bootstrap);
        try {
            int warmup = Math.max(1, records / 10);
            for (int i = 0; i < warmup; i++) {
                producer.send(new ProducerRecord<>(topic, payloads.value(i)));
            }
            producer.flush().get(120, TimeUnit.SECONDS);
            AtomicLong failures = new AtomicLong();
            // An application keeps its own backlog bounded: at most buffer.memory's worth of records
            // outstanding, the same bound at which kafka-clients' send() blocks.
            Semaphore window = new Semaphore((int) Math.max(1, ProducerOptions.DEFAULT_BUFFER_MEMORY / (size + 70)));
            Measurement m = Measurement.start();
            for (int i = 0; i < records; i++) {
                window.acquire();
                producer.send(new ProducerRecord<byte[], byte[]>(topic, payloads.value(i)))
                        .whenComplete((md, e) -> {
                            window.release();
                            if (e != null) {
                                failures.incrementAndGet();
                            }
                        });
            }
            producer.flush().get(300, TimeUnit.SECONDS);
            return Results.throughput(m, records, failures.get());
        } finally {
            producer.closeAsync(Duration.ofSeconds(10)).get(30, TimeUnit.SECONDS);
        }
    }

    /** Fixed-rate end-to-end latency, producer and consumer of this client in one JVM. */
    static Map<String, Double> latency(String bootstrap, String topic, int rate, int seconds) throws Exception {
        Payloads payloads = new Payloads(Settings.LATENCY_VALUE_SIZE);
        Latencies latencies = new Latencies();
        AtomicBoolean running = new AtomicBoolean(true);
        long measureFrom = System.nanoTime() + (long) (seconds * 0.2e9);
        AsyncKafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, AutoOffsetReset.LATEST);
        AsyncKafkaProducer<byte[], byte[]> producer = producer(bootstrap);
        try {
            List<TopicPartition> tps = partitions(topic);
            consumer.assign(tps);
            consumer.seekToEnd(tps).get(30, TimeUnit.SECONDS);
            for (TopicPartition tp : tps) {
                consumer.position(tp).get(30, TimeUnit.SECONDS);
            }
            Thread reader = new Thread(() -> {
                while (running.get()) {
                    ConsumerRecords<byte[], byte[]> batch;
                    try {
                        batch = consumer.getMany(Duration.ofMillis(100), 10_000).get(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    for (ConsumerRecord<byte[], byte[]> r : batch) {
                        long sent = Payloads.stampOf(r.value());
                        if (sent >= measureFrom) {
                            latencies.add((System.nanoTime() - sent) / 1000);
                        }
                    }
                }
            });
            reader.start();
            Measurement m = Measurement.start();
            int partitions = tps.size();
            KafkaClientsScenarios.paced(
                    rate,
                    seconds,
                    i -> producer.send(new ProducerRecord<byte[], byte[]>(
                            topic, (int) (i % partitions), null, payloads.stamped(i, System.nanoTime()))));
            producer.flush().get(60, TimeUnit.SECONDS);
            Thread.sleep(2000);
            running.set(false);
            reader.join();
            return Results.latency(m, latencies);
        } finally {
            producer.closeAsync(Duration.ofSeconds(10)).get(30, TimeUnit.SECONDS);
            consumer.closeAsync(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
        }
    }

    static AsyncKafkaConsumer<byte[], byte[]> consumer(String bootstrap, AutoOffsetReset reset) {
        ClientOptions client =
                ClientOptions.builder().bootstrapServers(bootstrap).build();
        ConsumerOptions options = ConsumerOptions.builder(client)
                .autoOffsetReset(reset)
                .checkCrcs(true)
                .build();
        return AsyncKafkaConsumer.create(options, Deserializers.byteArray(), Deserializers.byteArray());
    }

    static List<TopicPartition> partitions(String topic) {
        List<TopicPartition> tps = new ArrayList<>();
        for (int p = 0; p < Settings.PARTITIONS; p++) {
            tps.add(new TopicPartition(topic, p));
        }
        return tps;
    }

    /** Reads the topic from the beginning; the first tenth warms up, the rest is measured. */
    static Map<String, Double> consume(String bootstrap, String topic, int records) throws Exception {
        AsyncKafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, AutoOffsetReset.EARLIEST);
        try {
            List<TopicPartition> tps = partitions(topic);
            consumer.assign(tps);
            consumer.seekToBeginning(tps).get(30, TimeUnit.SECONDS);
            int warmup = records / 10;
            long count = 0;
            long bytes = 0;
            Measurement m = null;
            while (count < records) {
                ConsumerRecords<byte[], byte[]> batch =
                        consumer.getMany(Duration.ofMillis(500), 10_000).get(30, TimeUnit.SECONDS);
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    bytes += r.value().length;
                    count++;
                    if (m == null && count >= warmup) {
                        m = Measurement.start();
                    }
                }
            }
            if (bytes == 0 || m == null) {
                throw new IllegalStateException("read nothing");
            }
            return Results.throughput(m, records - warmup, 0);
        } finally {
            consumer.closeAsync(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * One worker per partition fed by per-partition {@code getMany}; each record of partition 0
     * takes {@link Settings#SLOW_PROCESSING_MS}, the others are instant.
     */
    static Map<String, Double> slowPartition(String bootstrap, String topic, int rate, int seconds) throws Exception {
        Latencies fast = new Latencies();
        AtomicBoolean running = new AtomicBoolean(true);
        long measureFrom = System.nanoTime() + (long) (seconds * 0.2e9);
        AsyncKafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, AutoOffsetReset.LATEST);
        try {
            List<TopicPartition> tps = partitions(topic);
            consumer.assign(tps);
            consumer.seekToEnd(tps).get(30, TimeUnit.SECONDS);
            for (TopicPartition tp : tps) {
                consumer.position(tp).get(30, TimeUnit.SECONDS);
            }
            List<Thread> workers = new ArrayList<>();
            for (TopicPartition tp : tps) {
                Thread worker = new Thread(() -> {
                    while (running.get()) {
                        ConsumerRecords<byte[], byte[]> batch;
                        try {
                            batch = consumer.getMany(Set.of(tp), Duration.ofMillis(100), 500)
                                    .get(30, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        for (ConsumerRecord<byte[], byte[]> r : batch) {
                            if (tp.partition() == 0) {
                                KafkaClientsScenarios.sleepMillis(Settings.SLOW_PROCESSING_MS);
                            } else {
                                long sent = Payloads.stampOf(r.value());
                                if (sent >= measureFrom) {
                                    fast.add((System.nanoTime() - sent) / 1000);
                                }
                            }
                        }
                    }
                });
                worker.start();
                workers.add(worker);
            }
            Measurement m = Measurement.start();
            SlowPartitionLoad.run(bootstrap, topic, rate, seconds);
            Thread.sleep(2000);
            running.set(false);
            for (Thread w : workers) {
                w.join();
            }
            return Results.latency(m, fast);
        } finally {
            consumer.closeAsync(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
        }
    }
}
