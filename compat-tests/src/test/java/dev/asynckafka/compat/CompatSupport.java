package dev.asynckafka.compat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.consumer.AutoOffsetReset;
import dev.asynckafka.consumer.ConsumerOptions;
import dev.asynckafka.consumer.ConsumerRecord;
import dev.asynckafka.consumer.ConsumerRecords;
import dev.asynckafka.serialization.Deserializers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Helpers of the compatibility tests: the shared broker of a release, kafka-clients as oracle. */
final class CompatSupport {
    private CompatSupport() {}

    static String bootstrap(String version) throws Exception {
        return CompatBrokers.broker(version).bootstrapServers();
    }

    static ClientOptions client(String bootstrap) {
        return ClientOptions.builder().bootstrapServers(bootstrap).build();
    }

    static ConsumerOptions.Builder consumerOptions(String bootstrap) {
        return ConsumerOptions.builder(client(bootstrap)).autoOffsetReset(AutoOffsetReset.EARLIEST);
    }

    static AsyncKafkaConsumer<String, String> stringConsumer(ConsumerOptions options) {
        return AsyncKafkaConsumer.create(options, Deserializers.string(), Deserializers.string());
    }

    /** Creates topics with kafka-clients' admin (our admin has a test of its own). */
    static void createTopics(String bootstrap, int partitions, String... names) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String name : names) {
                topics.add(new NewTopic(name, partitions, (short) 1));
            }
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        }
    }

    static KafkaProducer<String, String> oracleProducer(String bootstrap, Map<String, Object> extra) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.putAll(extra);
        return new KafkaProducer<>(p);
    }

    static KafkaConsumer<String, String> oracleConsumer(String bootstrap) {
        return oracleConsumer(bootstrap, "read_uncommitted");
    }

    /** kafka-clients' consumer without a group at {@code isolation} (read_committed or read_uncommitted). */
    static KafkaConsumer<String, String> oracleConsumer(String bootstrap, String isolation) {
        Properties p = new Properties();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(p);
    }

    static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

    /** Reads until {@code count} records arrived or 60 s passed. */
    static List<ConsumerRecord<String, String>> readAtLeast(AsyncKafkaConsumer<String, String> consumer, int count)
            throws Exception {
        List<ConsumerRecord<String, String>> all = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (all.size() < count && System.nanoTime() < deadline) {
            ConsumerRecords<String, String> batch = await(consumer.getMany(Duration.ofMillis(500), 1000));
            batch.forEach(all::add);
        }
        return all;
    }
}
