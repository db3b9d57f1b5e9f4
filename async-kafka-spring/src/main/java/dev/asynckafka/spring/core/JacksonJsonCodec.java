package dev.asynckafka.spring.core;

import dev.asynckafka.errors.SerializationException;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** {@link JsonCodec} on a Jackson 3 {@link JsonMapper} (thread-safe, as the mapper is). */
public final class JacksonJsonCodec implements JsonCodec {
    private final JsonMapper mapper;

    public JacksonJsonCodec(JsonMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    @Override
    public byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new SerializationException(
                    "Cannot write " + value.getClass().getName() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public Object read(ByteBuffer data, Type type) {
        try {
            var javaType = mapper.getTypeFactory().constructType(type);
            if (data.hasArray()) {
                return mapper.readValue(data.array(), data.arrayOffset() + data.position(), data.remaining(), javaType);
            }
            byte[] bytes = new byte[data.remaining()];
            data.duplicate().get(bytes);
            return mapper.readValue(bytes, javaType);
        } catch (JacksonException e) {
            throw new SerializationException(
                    "Cannot read JSON as " + type.getTypeName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
