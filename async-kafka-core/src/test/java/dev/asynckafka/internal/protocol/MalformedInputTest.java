package dev.asynckafka.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asynckafka.errors.ProtocolDecodeException;
import dev.asynckafka.generator.MessageSpec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Truncated and absurd input must fail with ProtocolDecodeException, never another exception. */
class MalformedInputTest {
    private static final List<String> SAMPLE = List.of(
            "ApiVersionsRequest",
            "ApiVersionsResponse",
            "MetadataRequest",
            "MetadataResponse",
            "ProduceRequest",
            "ProduceResponse",
            "FetchRequest",
            "FetchResponse",
            "JoinGroupRequest",
            "SyncGroupResponse",
            "OffsetCommitRequest",
            "OffsetFetchResponse",
            "ConsumerGroupHeartbeatResponse",
            "DescribeConfigsResponse",
            "CreateTopicsRequest",
            "SaslAuthenticateRequest",
            "RequestHeader",
            "ResponseHeader",
            "ConsumerProtocolSubscription",
            "ConsumerProtocolAssignment");

    static Stream<Arguments> sample() {
        List<Arguments> args = new ArrayList<>();
        for (String name : SAMPLE) {
            MessageSpec spec = Specs.byName(name);
            for (int v = spec.validVersions().lowest();
                    v <= spec.validVersions().highest();
                    v++) {
                args.add(Arguments.of(name, (short) v));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("sample")
    void everyTruncationFails(String name, short version) {
        MessageSpec spec = Specs.byName(name);
        for (int seed = 0; seed < 3; seed++) {
            Message message = new RandomMessages(spec, seed + 1000L * version, seed == 1).create(version);
            ByteBuf buf = Unpooled.buffer();
            message.write(buf, version);
            byte[] bytes = ByteBufUtil.getBytes(buf);
            for (int length = 0; length < bytes.length; length++) {
                ByteBuf truncated = Unpooled.wrappedBuffer(bytes, 0, length);
                int cut = length;
                assertThatThrownBy(() -> read(spec, message, truncated, version))
                        .as("%s v%d cut to %d of %d bytes", name, version, cut, bytes.length)
                        .isExactlyInstanceOf(ProtocolDecodeException.class);
            }
            assertThat(read(spec, message, Unpooled.wrappedBuffer(bytes), version))
                    .isEqualTo(message);
        }
    }

    private static Object read(MessageSpec spec, Message message, ByteBuf in, short version) {
        if (message instanceof ApiMessage api) {
            return spec.type().equals("request")
                    ? api.apiKey().readRequest(in, version)
                    : api.apiKey().readResponse(in, version);
        }
        return RandomMessages.read(message.getClass(), in, version);
    }

    private static ByteBuf bytes(int... values) {
        ByteBuf buf = Unpooled.buffer();
        for (int v : values) {
            buf.writeByte(v);
        }
        return buf;
    }

    private static void assertDecodeFails(ApiKey key, boolean request, ByteBuf in, short version, String fragment) {
        assertThatThrownBy(() -> {
                    if (request) {
                        key.readRequest(in, version);
                    } else {
                        key.readResponse(in, version);
                    }
                })
                .isExactlyInstanceOf(ProtocolDecodeException.class)
                .hasMessageContaining(fragment);
    }

    @Test
    void absurdArrayCounts() {
        // MetadataResponse v0 starts with the Brokers array (int32 count).
        assertDecodeFails(ApiKey.METADATA, false, bytes(0x7f, 0xff, 0xff, 0xff), (short) 0, "Brokers");
        assertDecodeFails(ApiKey.METADATA, false, bytes(0xff, 0xff, 0xff, 0xfe), (short) 0, "invalid length -2");
        // v9: ThrottleTimeMs, then a compact count of 2^31 (varint 0x80 0x80 0x80 0x80 0x08), and 2^32 - 1.
        assertDecodeFails(
                ApiKey.METADATA, false, bytes(0, 0, 0, 0, 0x80, 0x80, 0x80, 0x80, 0x08), (short) 9, "Brokers");
        assertDecodeFails(
                ApiKey.METADATA, false, bytes(0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x0f), (short) 9, "Brokers");
    }

    @Test
    void overlongVarint() {
        assertDecodeFails(
                ApiKey.METADATA,
                false,
                bytes(0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01),
                (short) 9,
                "varint longer than 5 bytes");
        assertThatThrownBy(() -> ProtocolCodec.readUnsignedVarlong(
                        bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01), "x"))
                .isExactlyInstanceOf(ProtocolDecodeException.class)
                .hasMessageContaining("varlong longer than 10 bytes");
    }

    @Test
    void absurdStringLengths() {
        // RequestHeader v1: api key, api version, correlation id, then ClientId with an int16 length.
        ByteBuf tooLong = bytes(0, 3, 0, 1, 0, 0, 0, 7, 0x7f, 0xff, 'a');
        assertThatThrownBy(() -> dev.asynckafka.internal.protocol.message.RequestHeader.read(tooLong, (short) 1))
                .isExactlyInstanceOf(ProtocolDecodeException.class)
                .hasMessageContaining("ClientId");
        ByteBuf negative = bytes(0, 3, 0, 1, 0, 0, 0, 7, 0xff, 0xfe);
        assertThatThrownBy(() -> dev.asynckafka.internal.protocol.message.RequestHeader.read(negative, (short) 1))
                .isExactlyInstanceOf(ProtocolDecodeException.class)
                .hasMessageContaining("invalid string length -2");
        // ApiVersionsRequest v3: compact ClientSoftwareName of length 2^31 - 1.
        assertDecodeFails(
                ApiKey.API_VERSIONS, true, bytes(0x80, 0x80, 0x80, 0x80, 0x08), (short) 3, "ClientSoftwareName");
    }

    @Test
    void absurdBytesLengths() {
        assertDecodeFails(ApiKey.SASL_AUTHENTICATE, true, bytes(0x7f, 0xff, 0xff, 0xff, 1, 2), (short) 0, "AuthBytes");
        assertDecodeFails(ApiKey.SASL_AUTHENTICATE, true, bytes(0x80, 0x80, 0x80, 0x80, 0x08), (short) 2, "AuthBytes");
        assertDecodeFails(ApiKey.SASL_AUTHENTICATE, true, bytes(0xff, 0xff, 0xff, 0xff, 0x0f), (short) 2, "AuthBytes");
    }

    @Test
    void absurdTaggedFieldSize() {
        // ApiVersionsRequest v3: two empty compact strings, one tagged field with tag 5 and size 2^31 - 1.
        assertDecodeFails(
                ApiKey.API_VERSIONS,
                true,
                bytes(1, 1, 1, 5, 0xff, 0xff, 0xff, 0xff, 0x07),
                (short) 3,
                "tagged field size");
    }

    @Test
    void knownTaggedFieldMustMatchItsSize() {
        // ApiVersionsResponse v3: error code, empty ApiKeys, throttle time, then tag 1 (FinalizedFeaturesEpoch,
        // an int64) declared with size 9.
        ByteBuf in = bytes(0, 0, 1, 0, 0, 0, 0, 1, 1, 9, 0, 0, 0, 0, 0, 0, 0, 1, 0);
        assertDecodeFails(ApiKey.API_VERSIONS, false, in, (short) 3, "FinalizedFeaturesEpoch");
    }

    @Test
    void nullInNonNullableField() {
        // RequestHeader v2 ... MetadataResponse v9 broker Host: compact null where not nullable.
        ByteBuf in = bytes(0, 0, 0, 0, 2, 0, 0, 0, 1, 0);
        assertDecodeFails(ApiKey.METADATA, false, in, (short) 9, "Host is null");
    }
}
