package dev.asynckafka.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.generator.MessageSpec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every generated message in every version: write, size, read back, compare. */
class MessageRoundTripTest {
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> everyVersion() {
        return Specs.everyVersion();
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("everyVersion")
    void roundTrips(String name, short version) {
        MessageSpec spec = Specs.byName(name);
        for (int seed = 0; seed < 8; seed++) {
            RandomMessages random = new RandomMessages(spec, seed * 31L + version, seed % 2 == 1);
            Message original = random.create(version);
            ByteBuf buf = Unpooled.buffer();
            original.write(buf, version);
            assertThat(buf.readableBytes())
                    .as("size() of %s v%d", name, version)
                    .isEqualTo(original.size(version));
            Object read = RandomMessages.read(original.getClass(), buf, version);
            assertThat(buf.isReadable()).as("fully consumed").isFalse();
            assertThat(read).isEqualTo(original);
            assertThat(read.hashCode()).isEqualTo(original.hashCode());
            assertThat(read.toString()).isEqualTo(original.toString());
        }
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("everyVersion")
    void defaultsRoundTrip(String name, short version) throws ReflectiveOperationException {
        Message original = (Message)
                Specs.messageClass(Specs.byName(name)).getConstructor().newInstance();
        ByteBuf buf = Unpooled.buffer();
        try {
            original.write(buf, version);
        } catch (dev.asynckafka.errors.UnsupportedVersionException e) {
            // A default that the version cannot carry (a null default in a version where it is not nullable).
            assertThat(e.getMessage()).contains("cannot carry");
            return;
        }
        assertThat(buf.readableBytes()).isEqualTo(original.size(version));
        assertThat(RandomMessages.read(original.getClass(), buf, version)).isEqualTo(original);
        assertThat(buf.isReadable()).isFalse();
    }
}
