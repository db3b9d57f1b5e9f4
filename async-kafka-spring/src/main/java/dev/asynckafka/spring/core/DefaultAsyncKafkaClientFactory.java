package dev.asynckafka.spring.core;

import dev.asynckafka.ClientResources;
import dev.asynckafka.admin.AsyncKafkaAdmin;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.producer.AsyncKafkaProducer;
import dev.asynckafka.serialization.Deserializer;
import dev.asynckafka.serialization.Serializer;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The {@link AsyncKafkaClientFactory} of the auto-configuration: options from an {@link
 * AsyncKafkaOptionsProvider}, every client on the shared {@link ClientResources}.
 */
public final class DefaultAsyncKafkaClientFactory implements AsyncKafkaClientFactory {
    private final AsyncKafkaOptionsProvider options;
    private final ClientResources resources;

    public DefaultAsyncKafkaClientFactory(AsyncKafkaOptionsProvider options, ClientResources resources) {
        this.options = Objects.requireNonNull(options, "options");
        this.resources = Objects.requireNonNull(resources, "resources");
    }

    @Override
    public <K, V> AsyncKafkaProducer<K, V> createProducer(
            @Nullable String clientIdSuffix,
            Map<String, String> overrides,
            Serializer<K> keySerializer,
            Serializer<V> valueSerializer) {
        return AsyncKafkaProducer.create(
                options.producerOptions(clientIdSuffix, overrides), keySerializer, valueSerializer, resources);
    }

    @Override
    public <K, V> AsyncKafkaConsumer<K, V> createConsumer(
            @Nullable String groupId,
            @Nullable String clientIdSuffix,
            Map<String, String> overrides,
            Deserializer<K> keyDeserializer,
            Deserializer<V> valueDeserializer) {
        return AsyncKafkaConsumer.create(
                options.consumerOptions(groupId, clientIdSuffix, overrides),
                keyDeserializer,
                valueDeserializer,
                resources);
    }

    @Override
    public AsyncKafkaAdmin createAdmin(@Nullable String clientIdSuffix, Map<String, String> overrides) {
        return AsyncKafkaAdmin.create(options.adminOptions(clientIdSuffix, overrides), resources);
    }
}
