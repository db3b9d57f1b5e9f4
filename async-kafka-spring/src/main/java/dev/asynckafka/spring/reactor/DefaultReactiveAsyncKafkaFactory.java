package dev.asynckafka.spring.reactor;

import dev.asynckafka.ClientResources;
import dev.asynckafka.reactor.KafkaReceiver;
import dev.asynckafka.reactor.KafkaSender;
import dev.asynckafka.reactor.ReceiverOptions;
import dev.asynckafka.reactor.SenderOptions;
import dev.asynckafka.serialization.Deserializer;
import dev.asynckafka.spring.core.AsyncKafkaOptionsProvider;
import dev.asynckafka.spring.core.AsyncKafkaSerdes;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ReactiveAsyncKafkaFactory} of the auto-configuration: options from an {@link
 * AsyncKafkaOptionsProvider}, serializers from {@link AsyncKafkaSerdes}, every client on the shared
 * {@link ClientResources}.
 */
public final class DefaultReactiveAsyncKafkaFactory implements ReactiveAsyncKafkaFactory {
    private final AsyncKafkaOptionsProvider options;
    private final AsyncKafkaSerdes serdes;
    private final ClientResources resources;

    /** A factory on these options, serializers and shared event loops. */
    public DefaultReactiveAsyncKafkaFactory(
            AsyncKafkaOptionsProvider options, AsyncKafkaSerdes serdes, ClientResources resources) {
        this.options = Objects.requireNonNull(options, "options");
        this.serdes = Objects.requireNonNull(serdes, "serdes");
        this.resources = Objects.requireNonNull(resources, "resources");
    }

    @Override
    @SuppressWarnings("unchecked") // AsyncKafkaSerdes returns a deserializer producing the target type
    public <K, V> ReceiverOptions.Builder<K, V> receiverOptions(
            @Nullable String groupId, Map<String, String> overrides, Type keyType, Type valueType) {
        Deserializer<K> keys = (Deserializer<K>) serdes.keyDeserializer(keyType);
        Deserializer<V> values = (Deserializer<V>) serdes.valueDeserializer(valueType);
        return ReceiverOptions.builder(options.consumerOptions(groupId, null, overrides), keys, values)
                .resources(resources);
    }

    @Override
    public <K, V> KafkaReceiver<K, V> receiver(
            Collection<String> topics, @Nullable String groupId, Class<K> keyType, Class<V> valueType) {
        ReceiverOptions.Builder<K, V> builder = receiverOptions(groupId, Map.of(), keyType, valueType);
        return KafkaReceiver.create(builder.subscription(topics).build());
    }

    @Override
    public SenderOptions.Builder<Object, Object> senderOptions(
            @Nullable String clientIdSuffix, Map<String, String> overrides) {
        return SenderOptions.builder(
                        options.producerOptions(clientIdSuffix, overrides),
                        serdes.keySerializer(),
                        serdes.valueSerializer())
                .resources(resources);
    }

    @Override
    public KafkaSender<Object, Object> sender() {
        return KafkaSender.create(senderOptions(null, Map.of()).build());
    }
}
