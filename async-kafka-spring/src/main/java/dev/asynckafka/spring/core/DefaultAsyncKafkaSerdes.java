package dev.asynckafka.spring.core;

import dev.asynckafka.errors.SerializationException;
import dev.asynckafka.serialization.Deserializer;
import dev.asynckafka.serialization.Deserializers;
import dev.asynckafka.serialization.Serializer;
import dev.asynckafka.serialization.Serializers;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ResolvableType;

/**
 * {@link AsyncKafkaSerdes} of the auto-configuration. For each of the four roles, a user bean wins;
 * else the configured {@link SerdeType}; with {@link SerdeType#AUTO} the type decides: {@code
 * String}, {@code byte[]}, {@code ByteBuffer}, {@code Integer}, {@code Long} and {@code UUID}
 * natively, {@code Object} (nothing known) as {@code byte[]} when deserializing, any other type as
 * JSON through the {@link JsonCodec}. Without a codec (Jackson absent) such a type fails with an
 * error naming it, while the native types keep working.
 */
public final class DefaultAsyncKafkaSerdes implements AsyncKafkaSerdes {
    private static final String P = "async-kafka.";

    private final Serializer<Object> keySerializer;
    private final Serializer<Object> valueSerializer;
    private final SerdeType keyDeserializerType;
    private final SerdeType valueDeserializerType;
    private final @Nullable Deserializer<?> keyDeserializerBean;
    private final @Nullable Deserializer<?> valueDeserializerBean;
    private final @Nullable JsonCodec json;

    /**
     * @param types the configured types: key serializer, value serializer, key deserializer, value deserializer
     * @param beans user beans for the same four roles ({@code null} where there is none)
     * @param json the JSON codec, or {@code null} when JSON is unavailable
     * @throws InvalidAsyncKafkaPropertyException if a role is configured as {@code json} but there is no codec
     */
    @SuppressWarnings("unchecked")
    public DefaultAsyncKafkaSerdes(
            SerdeType keySerializerType,
            SerdeType valueSerializerType,
            SerdeType keyDeserializerType,
            SerdeType valueDeserializerType,
            @Nullable Serializer<?> keySerializerBean,
            @Nullable Serializer<?> valueSerializerBean,
            @Nullable Deserializer<?> keyDeserializerBean,
            @Nullable Deserializer<?> valueDeserializerBean,
            @Nullable JsonCodec json) {
        this.json = json;
        requireJson(keySerializerType, "producer.key-serializer");
        requireJson(valueSerializerType, "producer.value-serializer");
        requireJson(keyDeserializerType, "consumer.key-deserializer");
        requireJson(valueDeserializerType, "consumer.value-deserializer");
        this.keySerializer = keySerializerBean != null
                ? (Serializer<Object>) keySerializerBean
                : serializer(keySerializerType, "producer.key-serializer");
        this.valueSerializer = valueSerializerBean != null
                ? (Serializer<Object>) valueSerializerBean
                : serializer(valueSerializerType, "producer.value-serializer");
        this.keyDeserializerType = keyDeserializerType;
        this.valueDeserializerType = valueDeserializerType;
        this.keyDeserializerBean = keyDeserializerBean;
        this.valueDeserializerBean = valueDeserializerBean;
    }

    private void requireJson(SerdeType type, String property) {
        if (type == SerdeType.JSON && json == null) {
            throw new InvalidAsyncKafkaPropertyException(
                    P + property,
                    "json needs Jackson (tools.jackson.databind) on the class path, or a JsonCodec bean",
                    null);
        }
    }

    @Override
    public Serializer<Object> keySerializer() {
        return keySerializer;
    }

    @Override
    public Serializer<Object> valueSerializer() {
        return valueSerializer;
    }

    @Override
    public Deserializer<?> keyDeserializer(Type target) {
        return keyDeserializerBean != null
                ? keyDeserializerBean
                : deserializer(keyDeserializerType, target, "consumer.key-deserializer");
    }

    @Override
    public Deserializer<?> valueDeserializer(Type target) {
        return valueDeserializerBean != null
                ? valueDeserializerBean
                : deserializer(valueDeserializerType, target, "consumer.value-deserializer");
    }

    private Serializer<Object> serializer(SerdeType type, String property) {
        return switch (type) {
            case AUTO ->
                (topic, data) -> data == null
                        ? null
                        : autoSerializer(data.getClass(), property).serialize(topic, data);
            case STRING -> typed(Serializers.string(), String.class, property);
            case BYTES -> typed(Serializers.byteArray(), byte[].class, property);
            case BYTE_BUFFER -> typed(Serializers.byteBuffer(), ByteBuffer.class, property);
            case INTEGER -> typed(Serializers.integer(), Integer.class, property);
            case LONG -> typed(Serializers.longValue(), Long.class, property);
            case UUID -> typed(Serializers.uuid(), UUID.class, property);
            case JSON -> jsonSerializer();
        };
    }

    @SuppressWarnings("unchecked")
    private Serializer<Object> autoSerializer(Class<?> type, String property) {
        Serializer<?> s = nativeSerializer(type);
        if (s != null) {
            return (Serializer<Object>) s;
        }
        if (json == null) {
            throw new SerializationException("Cannot serialize " + type.getName() + ": it is not a built-in type"
                    + " (String, byte[], ByteBuffer, Integer, Long, UUID) and JSON needs Jackson"
                    + " (tools.jackson.databind) on the class path; add it or set " + P + property);
        }
        return jsonSerializer();
    }

    private static @Nullable Serializer<?> nativeSerializer(Class<?> type) {
        if (type == String.class) {
            return Serializers.string();
        } else if (type == byte[].class) {
            return Serializers.byteArray();
        } else if (ByteBuffer.class.isAssignableFrom(type)) {
            return Serializers.byteBuffer();
        } else if (type == Integer.class) {
            return Serializers.integer();
        } else if (type == Long.class) {
            return Serializers.longValue();
        } else if (type == UUID.class) {
            return Serializers.uuid();
        }
        return null;
    }

    private Serializer<Object> jsonSerializer() {
        JsonCodec codec = json;
        return (topic, data) -> data == null || codec == null ? null : codec.write(data);
    }

    private static <T> Serializer<Object> typed(Serializer<T> serializer, Class<T> type, String property) {
        return (topic, data) -> {
            if (data != null && !type.isInstance(data)) {
                throw new SerializationException(P + property + " expects " + type.getSimpleName() + ", got "
                        + data.getClass().getName());
            }
            return serializer.serialize(topic, type.cast(data));
        };
    }

    private Deserializer<?> deserializer(SerdeType type, Type target, String property) {
        return switch (type) {
            case AUTO -> autoDeserializer(target, property);
            case STRING -> Deserializers.string();
            case BYTES -> Deserializers.byteArray();
            case BYTE_BUFFER -> Deserializers.byteBuffer();
            case INTEGER -> Deserializers.integer();
            case LONG -> Deserializers.longValue();
            case UUID -> Deserializers.uuid();
            case JSON -> jsonDeserializer(target);
        };
    }

    private Deserializer<?> autoDeserializer(Type target, String property) {
        Class<?> type = ResolvableType.forType(target).resolve(Object.class);
        if (type == String.class) {
            return Deserializers.string();
        } else if (type == byte[].class || type == Object.class) {
            return Deserializers.byteArray();
        } else if (type == ByteBuffer.class) {
            return Deserializers.byteBuffer();
        } else if (type == Integer.class || type == int.class) {
            return Deserializers.integer();
        } else if (type == Long.class || type == long.class) {
            return Deserializers.longValue();
        } else if (type == UUID.class) {
            return Deserializers.uuid();
        }
        if (json == null) {
            throw new IllegalStateException("No deserializer for " + target.getTypeName()
                    + ": it is not a built-in type (String, byte[], ByteBuffer, Integer, Long, UUID) and JSON needs"
                    + " Jackson (tools.jackson.databind) on the class path; add it or set " + P + property);
        }
        return jsonDeserializer(target);
    }

    private Deserializer<?> jsonDeserializer(Type target) {
        JsonCodec codec = json;
        return (topic, data) -> data == null || codec == null ? null : codec.read(data, target);
    }
}
