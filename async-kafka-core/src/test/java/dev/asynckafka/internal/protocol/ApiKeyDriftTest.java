package dev.asynckafka.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.generator.MessageSpec;
import dev.asynckafka.generator.ProtocolGenerator;
import io.netty.buffer.Unpooled;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Our generated ApiKey against kafka-clients' ApiKeys and the spec directory. */
class ApiKeyDriftTest {
    @ParameterizedTest
    @EnumSource(ApiKey.class)
    void matchesKafkaClients(ApiKey key) {
        ApiKeys theirs = ApiKeys.forId(key.id());
        assertThat(key.name()).isEqualTo(theirs.name());
        assertThat(key.displayName()).isEqualTo(theirs.name);
        assertThat(key.oldestVersion()).isEqualTo(theirs.oldestVersion());
        // kafka-clients' no-argument latestVersion() includes an unstable latest version; ours does not.
        assertThat(key.latestVersion()).isEqualTo(theirs.latestVersion(false));
        assertThat(key.latestVersionIncludingUnstable()).isEqualTo(theirs.latestVersion());
        assertThat(key.latestVersionIncludingUnstable()).isEqualTo(theirs.latestVersion(true));
        for (short v = key.oldestVersion(); v <= key.latestVersionIncludingUnstable(); v++) {
            assertThat(key.requestHeaderVersion(v))
                    .as("request header v%d", v)
                    .isEqualTo(theirs.requestHeaderVersion(v));
            assertThat(key.responseHeaderVersion(v))
                    .as("response header v%d", v)
                    .isEqualTo(theirs.responseHeaderVersion(v));
            assertThat(key.isFlexible(v)).isEqualTo(theirs.requestHeaderVersion(v) >= 2);
            assertThat(key.isVersionSupported(v)).isTrue();
        }
        assertThat(key.isVersionSupported((short) (key.latestVersionIncludingUnstable() + 1)))
                .isFalse();
        assertThat(ApiKey.forId(key.id())).isSameAs(key);
    }

    @Test
    void everyBrokerApiInTheSpecsIsGenerated() {
        Set<String> expected = new TreeSet<>();
        for (MessageSpec spec : Specs.ALL) {
            if (spec.type().equals("request") && ProtocolGenerator.isBrokerApi(spec)) {
                expected.add(spec.apiKey() + ":" + spec.name().replace("Request", ""));
                assertThat(ApiKey.forId(spec.apiKey())).as(spec.name()).isNotNull();
            }
        }
        Set<String> actual = new TreeSet<>();
        for (ApiKey key : ApiKey.values()) {
            actual.add(key.id() + ":" + key.displayName());
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void requiredApisArePresent() {
        assertThat(ApiKey.values())
                .extracting(ApiKey::displayName)
                .contains(
                        "ApiVersions",
                        "Metadata",
                        "Produce",
                        "Fetch",
                        "ListOffsets",
                        "FindCoordinator",
                        "JoinGroup",
                        "SyncGroup",
                        "Heartbeat",
                        "LeaveGroup",
                        "OffsetCommit",
                        "OffsetFetch",
                        "OffsetDelete",
                        "DescribeGroups",
                        "ListGroups",
                        "DeleteGroups",
                        "ConsumerGroupHeartbeat",
                        "ConsumerGroupDescribe",
                        "InitProducerId",
                        "AddPartitionsToTxn",
                        "AddOffsetsToTxn",
                        "EndTxn",
                        "TxnOffsetCommit",
                        "SaslHandshake",
                        "SaslAuthenticate",
                        "CreateTopics",
                        "DeleteTopics",
                        "CreatePartitions",
                        "DeleteRecords",
                        "DescribeConfigs",
                        "IncrementalAlterConfigs",
                        "DescribeCluster",
                        "DescribeProducers",
                        "ListTransactions");
    }

    @Test
    void forIdHandlesUnknownIds() {
        assertThat(ApiKey.forId(-1)).isNull();
        assertThat(ApiKey.forId(4)).isNull(); // LeaderAndIsr: controller-only, not generated
        assertThat(ApiKey.forId(10_000)).isNull();
        assertThat(ApiKey.forId(3)).isEqualTo(ApiKey.METADATA);
    }

    @Test
    void readersDispatchToTheRightClass() {
        var request = new dev.asynckafka.internal.protocol.message.MetadataRequest();
        var buf = Unpooled.buffer();
        request.write(buf, (short) 12);
        assertThat(ApiKey.METADATA.readRequest(buf, (short) 12)).isEqualTo(request);
        assertThat(ApiKey.API_VERSIONS.responseHeaderVersion((short) 3)).isZero();
    }
}
