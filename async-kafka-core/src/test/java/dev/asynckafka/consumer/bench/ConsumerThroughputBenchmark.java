package dev.asynckafka.consumer.bench;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.consumer.AutoOffsetReset;
import dev.asynckafka.consumer.ConsumerOptions;
import dev.asynckafka.consumer.ConsumerRecords;
import dev.asynckafka.serialization.Deserializers;
import dev.asynckafka.test.EmbeddedKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Consumer throughput, async-kafka against kafka-clients' KafkaConsumer: both read the same
 * 8-partition topic of 100-byte records from the beginning, from the same in-process broker, in
 * interleaved rounds, CRC checks on for both, values deserialized to byte[] by both. Not part of
 * the test suite; run by hand:
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat cp.txt) \
 *     dev.asynckafka.consumer.bench.ConsumerThroughputBenchmark [records] [rounds]
 * </pre>
 */
public final class ConsumerThroughputBenchmark {
    private static final String TOPIC = "bench";
    private static final int PARTITIONS = 8;

    /** {@code -DdecodeThreads=n} decodes on a pool of n threads instead of the common pool. */
    private static final java.util.concurrent.Executor EXECUTOR = Integer.getInteger("decodeThreads", 0) > 0
            ? java.util.concurrent.Executors.newFixedThreadPool(Integer.getInteger("decodeThreads"), r -> {
                Thread t = new Thread(r, "decode");
                t.setDaemon(true);
                return t;
            })
            : java.util.concurrent.ForkJoinPool.commonPool();

    /** {@code -DmaxRecords=n}: records per getMany / per poll (max.poll.records) for both clients. */
    private static final int MAX_RECORDS = Integer.getInteger("maxRecords", 500);

    private ConsumerThroughputBenchmark() {}

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder()
                .brokers(1)
                .topic(TOPIC, PARTITIONS)
                .build()
                .start()) {
            String bootstrap = kafka.bootstrapServers();
            produce(bootstrap, records);
            List<Double> ours = new ArrayList<>();
            List<Double> theirs = new ArrayList<>();
            // One warm-up round each, then measured rounds, interleaved.
            runOurs(bootstrap, records);
            runKafka(bootstrap, records);
            for (int i = 0; i < rounds; i++) {
                ours.add(runOurs(bootstrap, records));
                theirs.add(runKafka(bootstrap, records));
                System.out.printf(
                        "round %d: async-kafka %.0f rec/s, kafka-clients %.0f rec/s%n",
                        i + 1, ours.get(i), theirs.get(i));
            }
            double o = median(ours);
            double k = median(theirs);
            System.out.printf(
                    "median over %d rounds of %d records: async-kafka %.0f rec/s, kafka-clients %.0f rec/s, ratio %.2f%n",
                    rounds, records, o, k, o / k);
        }
    }

    private static void produce(String bootstrap, int records) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        byte[] value = new byte[100];
        Arrays.fill(value, (byte) 'x');
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(TOPIC, i % PARTITIONS, null, value));
            }
            producer.flush();
        }
    }

    private static List<TopicPartition> partitions() {
        List<TopicPartition> list = new ArrayList<>();
        for (int i = 0; i < PARTITIONS; i++) {
            list.add(new TopicPartition(TOPIC, i));
        }
        return list;
    }

    private static double runOurs(String bootstrap, int records) throws Exception {
        ConsumerOptions options = ConsumerOptions.builder(
                        ClientOptions.builder().bootstrapServers(bootstrap).build())
                .autoOffsetReset(AutoOffsetReset.EARLIEST)
                .checkCrcs(true)
                .partitionBufferBytes(
                        Integer.getInteger("partitionBufferBytes", ConsumerOptions.DEFAULT_PARTITION_BUFFER_BYTES))
                .executor(EXECUTOR)
                .build();
        try (AsyncKafkaConsumer<byte[], byte[]> c =
                AsyncKafkaConsumer.create(options, Deserializers.byteArray(), Deserializers.byteArray())) {
            long start = System.nanoTime();
            c.assign(partitions());
            long count = 0;
            long bytes = 0;
            while (count < records) {
                ConsumerRecords<byte[], byte[]> batch =
                        c.getMany(Duration.ofSeconds(5), MAX_RECORDS).get(60, TimeUnit.SECONDS);
                for (dev.asynckafka.consumer.ConsumerRecord<byte[], byte[]> r : batch) {
                    bytes += r.value().length;
                    count++;
                }
            }
            long elapsed = System.nanoTime() - start;
            c.closeAsync(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
            return rate(count, elapsed, bytes);
        }
    }

    private static double runKafka(String bootstrap, int records) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.CHECK_CRCS_CONFIG, true);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_RECORDS);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            long start = System.nanoTime();
            List<org.apache.kafka.common.TopicPartition> parts = new ArrayList<>();
            for (TopicPartition tp : partitions()) {
                parts.add(new org.apache.kafka.common.TopicPartition(tp.topic(), tp.partition()));
            }
            c.assign(parts);
            long count = 0;
            long bytes = 0;
            while (count < records) {
                var polled = c.poll(Duration.ofSeconds(5));
                for (ConsumerRecord<byte[], byte[]> r : polled) {
                    bytes += r.value().length;
                    count++;
                }
            }
            return rate(count, System.nanoTime() - start, bytes);
        }
    }

    private static double rate(long count, long elapsedNanos, long bytes) {
        if (bytes != count * 100) {
            throw new IllegalStateException("read " + bytes + " value bytes for " + count + " records");
        }
        return count / (elapsedNanos / 1e9);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        return sorted.get(sorted.size() / 2);
    }
}
