package dev.asynckafka.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.ByteBufferSerializer;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.UUIDSerializer;
import org.apache.kafka.common.serialization.VoidSerializer;
import org.junit.jupiter.api.Test;

/** The built-in serializers write the same bytes as kafka-clients' serializers (the oracle). */
class SerializersTest {
    private static final String TOPIC = "t";
    private final Random random = new Random(42);

    @Test
    void stringMatchesKafkaClients() {
        try (StringSerializer oracle = new StringSerializer()) {
            for (String s : new String[] {"", "hello", "grüße", "日本語", "\uD83D\uDE00 emoji", randomString()}) {
                assertThat(Serializers.string().serialize(TOPIC, s)).isEqualTo(oracle.serialize(TOPIC, s));
            }
            assertThat(Serializers.string().serialize(TOPIC, null)).isNull();
        }
    }

    @Test
    void integerAndLongMatchKafkaClients() {
        try (IntegerSerializer ints = new IntegerSerializer();
                LongSerializer longs = new LongSerializer()) {
            for (int i = 0; i < 1000; i++) {
                int v = i < 3 ? new int[] {0, Integer.MIN_VALUE, Integer.MAX_VALUE}[i] : random.nextInt();
                long l = i < 3 ? new long[] {0, Long.MIN_VALUE, Long.MAX_VALUE}[i] : random.nextLong();
                assertThat(Serializers.integer().serialize(TOPIC, v)).isEqualTo(ints.serialize(TOPIC, v));
                assertThat(Serializers.longValue().serialize(TOPIC, l)).isEqualTo(longs.serialize(TOPIC, l));
            }
            assertThat(Serializers.integer().serialize(TOPIC, null)).isNull();
            assertThat(Serializers.longValue().serialize(TOPIC, null)).isNull();
        }
    }

    @Test
    void uuidMatchesKafkaClients() {
        try (UUIDSerializer oracle = new UUIDSerializer()) {
            for (int i = 0; i < 100; i++) {
                UUID u = UUID.randomUUID();
                assertThat(Serializers.uuid().serialize(TOPIC, u)).isEqualTo(oracle.serialize(TOPIC, u));
            }
            assertThat(Serializers.uuid().serialize(TOPIC, null)).isNull();
        }
    }

    @Test
    void byteArrayAndVoidMatchKafkaClients() {
        try (ByteArraySerializer bytes = new ByteArraySerializer();
                VoidSerializer voids = new VoidSerializer()) {
            byte[] data = new byte[37];
            random.nextBytes(data);
            assertThat(Serializers.byteArray().serialize(TOPIC, data)).isEqualTo(bytes.serialize(TOPIC, data));
            assertThat(Serializers.byteArray().serialize(TOPIC, null)).isNull();
            assertThat(Serializers.voidType().serialize(TOPIC, null)).isEqualTo(voids.serialize(TOPIC, null));
        }
    }

    @Test
    void byteBufferMatchesKafkaClientsForHeapSlicedAndDirectBuffers() {
        try (ByteBufferSerializer oracle = new ByteBufferSerializer()) {
            byte[] data = new byte[64];
            random.nextBytes(data);
            ByteBuffer whole = ByteBuffer.wrap(data);
            ByteBuffer window = ByteBuffer.wrap(data, 5, 20);
            ByteBuffer direct = ByteBuffer.allocateDirect(16).put(data, 0, 16).flip();
            ByteBuffer sliced = ByteBuffer.wrap(data).slice(7, 30).position(4);
            ByteBuffer written = ByteBuffer.allocate(32).put(data, 0, 10);
            for (ByteBuffer b : new ByteBuffer[] {whole, window, direct, sliced, written}) {
                int position = b.position();
                byte[] ours = Serializers.byteBuffer().serialize(TOPIC, b);
                assertThat(b.position()).as("position left unchanged").isEqualTo(position);
                assertThat(ours).isEqualTo(oracle.serialize(TOPIC, b.duplicate()));
            }
            assertThat(Serializers.byteBuffer().serialize(TOPIC, null)).isNull();
        }
    }

    private String randomString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            sb.appendCodePoint(random.nextInt(0x2FFF) + 1);
        }
        return sb.toString();
    }
}
