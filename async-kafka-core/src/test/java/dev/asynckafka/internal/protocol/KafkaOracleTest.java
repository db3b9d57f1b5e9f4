package dev.asynckafka.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.errors.UnsupportedVersionException;
import dev.asynckafka.generator.MessageSpec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.ByteBuffer;
import java.util.stream.Stream;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.protocol.Readable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares our encoding with kafka-clients' generated code (same Kafka version as the specs), for every
 * generated message in every version: kafka-clients reads our bytes and writes them back identically,
 * and we read kafka-clients' bytes back into an equal object. Nothing is skipped.
 */
class KafkaOracleTest {
    static Stream<Arguments> everyVersion() {
        return Specs.everyVersion();
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("everyVersion")
    void kafkaAgreesOnRandomMessages(String name, short version) throws Exception {
        MessageSpec spec = Specs.byName(name);
        for (int seed = 0; seed < 6; seed++) {
            Message ours = new RandomMessages(spec, seed * 17L + version, seed % 2 == 1).create(version);
            compare(spec, ours, version);
        }
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("everyVersion")
    void kafkaAgreesOnDefaults(String name, short version) throws Exception {
        MessageSpec spec = Specs.byName(name);
        Message ours = (Message) Specs.messageClass(spec).getConstructor().newInstance();
        try {
            ours.size(version);
            ours.write(Unpooled.buffer(), version);
        } catch (UnsupportedVersionException e) {
            return; // covered by MessageRoundTripTest.defaultsRoundTrip
        }
        compare(spec, ours, version);
    }

    private static void compare(MessageSpec spec, Message ours, short version) throws Exception {
        ByteBuf buf = Unpooled.buffer();
        ours.write(buf, version);
        byte[] ourBytes = ByteBufUtil.getBytes(buf);

        org.apache.kafka.common.protocol.Message theirs = kafkaRead(spec, ourBytes, version);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int theirSize = theirs.size(cache, version);
        ByteBuffer out = ByteBuffer.allocate(theirSize);
        theirs.write(new ByteBufferAccessor(out), cache, version);
        assertThat(out.remaining()).as("kafka wrote its declared size").isZero();
        byte[] theirBytes = out.array();

        assertThat(theirBytes)
                .as("%s v%d: kafka-clients re-encoding of our bytes (%s)", spec.name(), version, ours)
                .isEqualTo(ourBytes);
        Object back = RandomMessages.read(ours.getClass(), Unpooled.wrappedBuffer(theirBytes), version);
        assertThat(back).isEqualTo(ours);
    }

    private static org.apache.kafka.common.protocol.Message kafkaRead(MessageSpec spec, byte[] bytes, short version)
            throws Exception {
        String className =
                "org.apache.kafka.common.message." + spec.name() + (spec.type().equals("data") ? "" : "Data");
        Constructor<?> ctor = Class.forName(className).getConstructor(Readable.class, short.class);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            Object msg = ctor.newInstance(new ByteBufferAccessor(in), version);
            assertThat(in.remaining()).as("kafka consumed all our bytes").isZero();
            return (org.apache.kafka.common.protocol.Message) msg;
        } catch (InvocationTargetException e) {
            throw new AssertionError("kafka-clients cannot read our " + spec.name() + " v" + version, e.getCause());
        }
    }
}
