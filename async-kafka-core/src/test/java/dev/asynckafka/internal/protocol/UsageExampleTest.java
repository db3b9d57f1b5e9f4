package dev.asynckafka.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asynckafka.errors.UnsupportedVersionException;
import dev.asynckafka.internal.protocol.message.MetadataRequest;
import dev.asynckafka.internal.protocol.message.RequestHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The API as a caller uses it: build a request, frame it with a header, and read it back. */
class UsageExampleTest {
    @Test
    void buildsAndWritesAMetadataRequest() {
        MetadataRequest request = new MetadataRequest()
                .setTopics(List.of(
                        new MetadataRequest.MetadataRequestTopic().setName("orders"),
                        new MetadataRequest.MetadataRequestTopic().setName("payments")))
                .setAllowAutoTopicCreation(false);
        ApiKey key = request.apiKey();
        short version = key.latestVersion();
        short headerVersion = key.requestHeaderVersion(version);
        RequestHeader header = new RequestHeader()
                .setRequestApiKey(key.id())
                .setRequestApiVersion(version)
                .setCorrelationId(42)
                .setClientId("example");

        ByteBuf frame = Unpooled.buffer();
        frame.writeInt(header.size(headerVersion) + request.size(version));
        header.write(frame, headerVersion);
        request.write(frame, version);

        assertThat(frame.readInt()).isEqualTo(frame.readableBytes());
        RequestHeader readHeader = RequestHeader.read(frame, headerVersion);
        assertThat(readHeader).isEqualTo(header);
        ApiKey readKey = ApiKey.forId(readHeader.requestApiKey());
        assertThat(readKey).isSameAs(ApiKey.METADATA);
        assertThat(readKey.readRequest(frame, readHeader.requestApiVersion())).isEqualTo(request);
        assertThat(frame.isReadable()).isFalse();
    }

    @Test
    void refusesFieldsAVersionCannotCarry() {
        // AllowAutoTopicCreation exists from version 4 and is not ignorable.
        MetadataRequest request = new MetadataRequest().setAllowAutoTopicCreation(false);
        assertThatThrownBy(() -> request.write(Unpooled.buffer(), (short) 3))
                .isInstanceOf(UnsupportedVersionException.class)
                .hasMessageContaining("AllowAutoTopicCreation");
        // A null topic list ("all topics") needs version 1 or later.
        assertThatThrownBy(() -> new MetadataRequest().setTopics(null).write(Unpooled.buffer(), (short) 0))
                .isInstanceOf(UnsupportedVersionException.class);
    }

    @Test
    void recordsAreWrittenWithoutConsumingTheCallersBuffer() {
        ByteBuf records = Unpooled.wrappedBuffer(new byte[] {1, 2, 3});
        var partition = new dev.asynckafka.internal.protocol.message.ProduceRequest.PartitionProduceData()
                .setIndex(0)
                .setRecords(records);
        ByteBuf out = Unpooled.buffer();
        partition.write(out, (short) 9);
        assertThat(records.readableBytes()).isEqualTo(3);
        assertThat(partition.toString()).contains("records(3 bytes)");
    }
}
