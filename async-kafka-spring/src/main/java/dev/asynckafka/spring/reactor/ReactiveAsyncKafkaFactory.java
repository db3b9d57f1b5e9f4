package dev.asynckafka.spring.reactor;

import dev.asynckafka.reactor.KafkaReceiver;
import dev.asynckafka.reactor.KafkaSender;
import dev.asynckafka.reactor.ReceiverOptions;
import dev.asynckafka.reactor.SenderOptions;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Builds Reactor receivers and senders ({@code async-kafka-reactor}) from the application's
 * configuration: the same {@code async-kafka.*} properties, connection details and customizers as
 * the other clients (through the {@link dev.asynckafka.spring.core.AsyncKafkaOptionsProvider}), the
 * shared event loops, and the serializers {@link dev.asynckafka.spring.core.AsyncKafkaSerdes}
 * chooses. Every method only builds options or objects: no connection is opened before a
 * receiving {@code Flux} is subscribed or a record is sent. Thread-safe.
 *
 * <p>The caller owns what it gets: a receiver closes its consumer when its {@code Flux}
 * terminates; a sender must be closed ({@link KafkaSender#close()} or {@code closeAsync}).
 *
 * @throws dev.asynckafka.spring.core.InvalidAsyncKafkaPropertyException (from every method) naming
 *     an override whose value is invalid
 */
public interface ReactiveAsyncKafkaFactory {

    /**
     * Receiver options from the configuration, not yet subscribed to anything: set a subscription
     * or an assignment (and commit settings) on the builder. Auto-commit is off, as the receiver
     * commits acknowledged offsets itself.
     *
     * @param groupId the group, or {@code null} for {@code async-kafka.consumer.group-id}
     * @param overrides Kafka-named consumer properties winning over the configuration
     * @param keyType the type keys are delivered as (see {@link dev.asynckafka.spring.core.AsyncKafkaSerdes})
     * @param valueType the type values are delivered as
     */
    <K, V> ReceiverOptions.Builder<K, V> receiverOptions(
            @Nullable String groupId, Map<String, String> overrides, Type keyType, Type valueType);

    /**
     * A receiver subscribed to {@code topics} with the configured settings.
     *
     * @param groupId the group, or {@code null} for {@code async-kafka.consumer.group-id}
     * @throws IllegalArgumentException for no topics or a blank name
     */
    <K, V> KafkaReceiver<K, V> receiver(
            Collection<String> topics, @Nullable String groupId, Class<K> keyType, Class<V> valueType);

    /**
     * Sender options from the configuration, with the serializers of the producer bean.
     *
     * @param clientIdSuffix appended to the configured client id with a dash, or {@code null} to keep it
     * @param overrides Kafka-named producer properties winning over the configuration
     */
    SenderOptions.Builder<Object, Object> senderOptions(@Nullable String clientIdSuffix, Map<String, String> overrides);

    /** A sender with the configured producer settings and the producer bean's serializers. */
    KafkaSender<Object, Object> sender();
}
