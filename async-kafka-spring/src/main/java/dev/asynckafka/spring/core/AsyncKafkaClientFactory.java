package dev.asynckafka.spring.core;

import dev.asynckafka.admin.AsyncKafkaAdmin;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.producer.AsyncKafkaProducer;
import dev.asynckafka.serialization.Deserializer;
import dev.asynckafka.serialization.Serializer;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Creates async-kafka clients from the application's configuration ({@code async-kafka.*}, the
 * connection details and the customizers), all on the application's shared event loops.
 *
 * <p>{@code overrides} use Kafka's own property names ({@code max.poll.interval.ms},
 * {@code linger.ms}, ...) and win over the configured values; an unknown name or an invalid value
 * fails with an {@link IllegalArgumentException} naming the property. The caller owns every client
 * it creates and closes it; closing a client never shuts the shared event loops down.
 */
public interface AsyncKafkaClientFactory {

    /**
     * A new producer.
     *
     * @param clientIdSuffix appended to the configured client id with a dash, or {@code null} to keep it
     */
    <K, V> AsyncKafkaProducer<K, V> createProducer(
            @Nullable String clientIdSuffix,
            Map<String, String> overrides,
            Serializer<K> keySerializer,
            Serializer<V> valueSerializer);

    /**
     * A new consumer, not yet subscribed.
     *
     * @param groupId the consumer group, or {@code null} for the configured {@code async-kafka.consumer.group-id}
     *     (which may itself be absent: then the consumer can only {@code assign})
     * @param clientIdSuffix appended to the configured client id with a dash, or {@code null} to keep it
     */
    <K, V> AsyncKafkaConsumer<K, V> createConsumer(
            @Nullable String groupId,
            @Nullable String clientIdSuffix,
            Map<String, String> overrides,
            Deserializer<K> keyDeserializer,
            Deserializer<V> valueDeserializer);

    /** A new admin client. */
    AsyncKafkaAdmin createAdmin(@Nullable String clientIdSuffix, Map<String, String> overrides);
}
