package dev.asynckafka.spring.core;

import dev.asynckafka.errors.SerializationException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.lang.reflect.Type;
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
    public Object read(ByteBuf data, Type type) {
        byte[] bytes = data.hasArray()
                        && data.arrayOffset() == 0
                        && data.readerIndex() == 0
                        && data.readableBytes() == data.array().length
                ? data.array()
                : ByteBufUtil.getBytes(data);
        try {
            return mapper.readValue(bytes, mapper.getTypeFactory().constructType(type));
        } catch (JacksonException e) {
            throw new SerializationException(
                    "Cannot read JSON as " + type.getTypeName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
