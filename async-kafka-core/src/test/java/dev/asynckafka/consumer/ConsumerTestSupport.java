package dev.asynckafka.consumer;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.serialization.Deserializers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/** Helpers shared by the consumer's integration tests: kafka-clients producers and await helpers. */
final class ConsumerTestSupport {
    private ConsumerTestSupport() {}

    static KafkaProducer<String, String> producer(String bootstrap, Map<String, Object> extra) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.putAll(extra);
        return new KafkaProducer<>(p);
    }

    static ConsumerOptions.Builder options(String bootstrap) {
        return ConsumerOptions.builder(
                        ClientOptions.builder().bootstrapServers(bootstrap).build())
                .autoOffsetReset(AutoOffsetReset.EARLIEST);
    }

    static AsyncKafkaConsumer<String, String> stringConsumer(ConsumerOptions options) {
        return AsyncKafkaConsumer.create(options, Deserializers.string(), Deserializers.string());
    }

    static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

    static Throwable failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    /** Reads from the partitions until {@code count} records arrived (a hang guard of 60 s). */
    static List<ConsumerRecord<String, String>> readAtLeast(
            AsyncKafkaConsumer<String, String> consumer, int count, Consumer<ConsumerRecords<String, String>> each)
            throws Exception {
        List<ConsumerRecord<String, String>> all = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (all.size() < count && System.nanoTime() < deadline) {
            ConsumerRecords<String, String> batch = await(consumer.getMany(Duration.ofMillis(500), 500));
            each.accept(batch);
            batch.forEach(all::add);
        }
        return all;
    }

    static TopicPartition tp(String topic, int partition) {
        return new TopicPartition(topic, partition);
    }
}
