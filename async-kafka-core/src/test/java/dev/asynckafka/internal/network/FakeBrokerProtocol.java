package dev.asynckafka.internal.network;

import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.ApiMessage;
import dev.asynckafka.internal.protocol.message.ApiVersionsResponse;
import dev.asynckafka.internal.protocol.message.RequestHeader;
import dev.asynckafka.internal.protocol.message.ResponseHeader;
import dev.asynckafka.test.fake.Exchange;
import dev.asynckafka.test.fake.ReceivedRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes the test kit's {@link dev.asynckafka.test.fake.FakeKafkaBroker} frames with this
 * client's generated message classes (the kit knows only the framing).
 */
public final class FakeBrokerProtocol {
    private FakeBrokerProtocol() {}

    /** The request's body, decoded with the generated message class. */
    public static ApiMessage body(ReceivedRequest r) {
        ApiKey key = ApiKey.forId(r.apiKey());
        ByteBuf buf = Unpooled.wrappedBuffer(r.frame());
        RequestHeader.read(buf, key.requestHeaderVersion(r.apiVersion()));
        return key.readRequest(buf, r.apiVersion());
    }

    /** Whether the request is an ApiVersions request. */
    public static boolean isApiVersions(ReceivedRequest r) {
        return r.apiKey() == ApiKey.API_VERSIONS.id();
    }

    /** Answers ApiVersions properly, as a broker supporting everything this client does. */
    public static void answerApiVersions(ReceivedRequest r, Exchange out) throws IOException {
        List<ApiVersionsResponse.ApiVersion> keys = new ArrayList<>();
        for (ApiKey k : ApiKey.values()) {
            keys.add(new ApiVersionsResponse.ApiVersion()
                    .setApiKey(k.id())
                    .setMinVersion(k.oldestVersion())
                    .setMaxVersion(k.latestVersion()));
        }
        writeResponse(r, new ApiVersionsResponse().setApiKeys(keys), out);
    }

    /**
     * Writes the response to the request: a response header of the version the request's API key
     * and version call for, carrying its correlation id, then the body at the request's version.
     */
    public static void writeResponse(ReceivedRequest r, ApiMessage body, Exchange out) throws IOException {
        out.reply(encode(r.apiKey(), r.apiVersion(), r.correlationId(), body));
    }

    /** A response header and body as written after the size prefix. */
    public static byte[] encode(short apiKey, short apiVersion, int correlationId, ApiMessage body) {
        short headerVersion = ApiKey.forId(apiKey).responseHeaderVersion(apiVersion);
        ResponseHeader header = new ResponseHeader().setCorrelationId(correlationId);
        ByteBuf buf = Unpooled.buffer();
        header.write(buf, headerVersion);
        body.write(buf, apiVersion);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        return bytes;
    }

    /** A request with these header fields and no frame, to answer with a different version or id. */
    public static ReceivedRequest header(short apiKey, short apiVersion, int correlationId) {
        return new ReceivedRequest(apiKey, apiVersion, correlationId, 0, 0, new byte[0]);
    }
}
