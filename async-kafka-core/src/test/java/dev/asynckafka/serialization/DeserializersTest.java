package dev.asynckafka.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asynckafka.errors.SerializationException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.ByteBufferSerializer;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.UUIDSerializer;
import org.junit.jupiter.api.Test;

/** The built-in deserializers read exactly what kafka-clients' serializers write. */
class DeserializersTest {

    /** The bytes inside a larger array, so that deserializers must respect position and limit. */
    private static ByteBuffer embedded(byte[] bytes) {
        byte[] array = new byte[bytes.length + 5];
        java.util.Arrays.fill(array, (byte) 9);
        System.arraycopy(bytes, 0, array, 3, bytes.length);
        return ByteBuffer.wrap(array, 3, bytes.length);
    }

    /** The bytes in a direct buffer (no array), between a position and a limit. */
    private static ByteBuffer direct(byte[] bytes) {
        ByteBuffer buf = ByteBuffer.allocateDirect(bytes.length + 4);
        buf.position(2);
        buf.put(bytes);
        buf.limit(2 + bytes.length).position(2);
        return buf;
    }

    @Test
    void stringsMatchKafkaClients() {
        try (StringSerializer oracle = new StringSerializer()) {
            for (String s : new String[] {"", "hello", "grüße 🎉", "x".repeat(10_000)}) {
                assertThat(Deserializers.string().deserialize("t", embedded(oracle.serialize("t", s))))
                        .isEqualTo(s);
            }
        }
        byte[] utf8 = "grüße".getBytes(StandardCharsets.UTF_8);
        assertThat(Deserializers.string().deserialize("t", direct(utf8))).isEqualTo("grüße");
        assertThat(Deserializers.byteArray().deserialize("t", direct(utf8))).isEqualTo(utf8);
        assertThat(Deserializers.string(StandardCharsets.ISO_8859_1)
                        .deserialize("t", embedded("é".getBytes(StandardCharsets.ISO_8859_1))))
                .isEqualTo("é");
    }

    @Test
    void numbersMatchKafkaClients() {
        try (IntegerSerializer ints = new IntegerSerializer();
                LongSerializer longs = new LongSerializer()) {
            for (int i : new int[] {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 123_456}) {
                assertThat(Deserializers.integer().deserialize("t", embedded(ints.serialize("t", i))))
                        .isEqualTo(i);
            }
            for (long l : new long[] {0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 40}) {
                assertThat(Deserializers.longValue().deserialize("t", embedded(longs.serialize("t", l))))
                        .isEqualTo(l);
            }
        }
    }

    @Test
    void bytesUuidsAndVoidMatchKafkaClients() {
        byte[] data = {1, 2, 3, 0, -1};
        try (ByteArraySerializer arrays = new ByteArraySerializer();
                ByteBufferSerializer buffers = new ByteBufferSerializer();
                UUIDSerializer uuids = new UUIDSerializer()) {
            assertThat(Deserializers.byteArray().deserialize("t", embedded(arrays.serialize("t", data))))
                    .isEqualTo(data);
            ByteBuffer bb = Deserializers.byteBuffer()
                    .deserialize("t", embedded(buffers.serialize("t", ByteBuffer.wrap(data))));
            assertThat(bb).isNotNull();
            byte[] back = new byte[bb.remaining()];
            bb.get(back);
            assertThat(back).isEqualTo(data);
            UUID u = UUID.randomUUID();
            assertThat(Deserializers.uuid().deserialize("t", embedded(uuids.serialize("t", u))))
                    .isEqualTo(u);
        }
        assertThat(Deserializers.voidType().deserialize("t", null)).isNull();
    }

    @Test
    void nullStaysNullForEveryBuiltIn() {
        assertThat(Deserializers.string().deserialize("t", null)).isNull();
        assertThat(Deserializers.byteArray().deserialize("t", null)).isNull();
        assertThat(Deserializers.byteBuffer().deserialize("t", null)).isNull();
        assertThat(Deserializers.integer().deserialize("t", null)).isNull();
        assertThat(Deserializers.longValue().deserialize("t", null)).isNull();
        assertThat(Deserializers.uuid().deserialize("t", null)).isNull();
    }

    @Test
    void badInputGetsAClearException() {
        assertThatThrownBy(() -> Deserializers.integer().deserialize("t", embedded(new byte[3])))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("3 bytes, not 4");
        assertThatThrownBy(() -> Deserializers.longValue().deserialize("t", embedded(new byte[9])))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("9 bytes, not 8");
        assertThatThrownBy(() ->
                        Deserializers.uuid().deserialize("t", embedded("not-a-uuid".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not-a-uuid");
        assertThatThrownBy(() -> Deserializers.voidType().deserialize("t", embedded(new byte[1])))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void deserializingDoesNotConsumeTheBuffer() {
        for (ByteBuffer buf : new ByteBuffer[] {
            embedded("abc".getBytes(StandardCharsets.UTF_8)), direct("abc".getBytes(StandardCharsets.UTF_8))
        }) {
            int position = buf.position();
            Deserializers.string().deserialize("t", buf);
            Deserializers.byteArray().deserialize("t", buf);
            Deserializers.byteBuffer().deserialize("t", buf);
            assertThat(buf.position()).isEqualTo(position);
            assertThat(buf.remaining()).isEqualTo(3);
        }
    }
}
