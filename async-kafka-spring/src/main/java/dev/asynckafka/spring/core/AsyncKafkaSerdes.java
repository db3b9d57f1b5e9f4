package dev.asynckafka.spring.core;

import dev.asynckafka.serialization.Deserializer;
import dev.asynckafka.serialization.Serializer;
import java.lang.reflect.Type;

/**
 * The serializers and deserializers the application's configuration chooses: by property
 * ({@code async-kafka.producer.key-serializer}, {@code async-kafka.consumer.value-deserializer}, ...),
 * by a user bean, or, by default, by type: {@code String}, {@code byte[]}, {@code ByteBuffer},
 * {@code Integer}, {@code Long}, {@code UUID} natively and any other type as JSON through the
 * application's Jackson mapper.
 */
public interface AsyncKafkaSerdes {

    /** The serializer for keys handed to the producer bean. */
    Serializer<Object> keySerializer();

    /** The serializer for values handed to the producer bean. */
    Serializer<Object> valueSerializer();

    /** The deserializer for keys to be delivered as {@code target} (for example a listener parameter's type). */
    Deserializer<?> keyDeserializer(Type target);

    /** The deserializer for values to be delivered as {@code target}. */
    Deserializer<?> valueDeserializer(Type target);
}
