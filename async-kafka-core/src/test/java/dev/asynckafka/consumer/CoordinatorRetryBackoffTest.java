package dev.asynckafka.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.common.Uuid;
import dev.asynckafka.errors.ErrorCode;
import dev.asynckafka.internal.network.FakeBrokerProtocol;
import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.message.FindCoordinatorResponse;
import dev.asynckafka.internal.protocol.message.JoinGroupResponse;
import dev.asynckafka.internal.protocol.message.MetadataResponse;
import dev.asynckafka.serialization.Deserializers;
import dev.asynckafka.test.fake.FakeKafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A group coordinator that keeps refusing JoinGroup: the member retries with a backoff that grows
 * with each failure in a row ({@code retry.backoff.ms} doubling up to {@code retry.backoff.max.ms}),
 * not at a flat first step.
 */
@Timeout(60)
class CoordinatorRetryBackoffTest {
    private static final String TOPIC = "t";
    private static final String GROUP = "g";

    @Test
    void joinRetriesBackOffFurtherAfterEachFailureInARow() throws Exception {
        List<Long> joins = new CopyOnWriteArrayList<>();
        int[] port = new int[1];
        try (FakeKafkaBroker broker = FakeKafkaBroker.start((r, out) -> {
            if (FakeBrokerProtocol.isApiVersions(r)) {
                FakeBrokerProtocol.answerApiVersions(r, out);
            } else if (r.apiKey() == ApiKey.METADATA.id()) {
                FakeBrokerProtocol.writeResponse(r, metadata(port[0]), out);
            } else if (r.apiKey() == ApiKey.FIND_COORDINATOR.id()) {
                // v4+ answers per key; earlier versions with top-level fields.
                FindCoordinatorResponse response = r.apiVersion() >= 4
                        ? new FindCoordinatorResponse()
                                .setCoordinators(List.of(new FindCoordinatorResponse.Coordinator()
                                        .setKey(GROUP)
                                        .setNodeId(0)
                                        .setHost("127.0.0.1")
                                        .setPort(port[0])))
                        : new FindCoordinatorResponse()
                                .setNodeId(0)
                                .setHost("127.0.0.1")
                                .setPort(port[0]);
                FakeBrokerProtocol.writeResponse(r, response, out);
            } else if (r.apiKey() == ApiKey.JOIN_GROUP.id()) {
                joins.add(System.nanoTime());
                FakeBrokerProtocol.writeResponse(
                        r,
                        new JoinGroupResponse()
                                .setErrorCode(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS.code())
                                .setMemberId(""),
                        out);
            }
        })) {
            port[0] = broker.port();
            AsyncKafkaConsumer<String, String> consumer = AsyncKafkaConsumer.create(
                    ConsumerOptions.builder(ClientOptions.builder()
                                    .bootstrapServers("127.0.0.1:" + broker.port())
                                    .retryBackoff(Duration.ofMillis(20))
                                    .retryBackoffMax(Duration.ofSeconds(5))
                                    .build())
                            .groupId(GROUP)
                            .build(),
                    Deserializers.string(),
                    Deserializers.string());
            try {
                consumer.subscribe(List.of(TOPIC)).get(30, TimeUnit.SECONDS);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (joins.size() < 7 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(joins).hasSizeGreaterThanOrEqualTo(7);
                // The 6th retry waits 20 ms * 2^5 = 640 ms (±20% jitter); a flat first step would be
                // 20 ms. Only a lower bound is asserted: a busy machine makes gaps longer, not shorter.
                long lastGapMs = TimeUnit.NANOSECONDS.toMillis(joins.get(6) - joins.get(5));
                assertThat(lastGapMs).isGreaterThanOrEqualTo(400);
            } finally {
                consumer.closeAsync(Duration.ofSeconds(5)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static MetadataResponse metadata(int port) {
        return new MetadataResponse()
                .setClusterId("fake")
                .setControllerId(0)
                .setBrokers(List.of(new MetadataResponse.MetadataResponseBroker()
                        .setNodeId(0)
                        .setHost("127.0.0.1")
                        .setPort(port)))
                .setTopics(List.of(new MetadataResponse.MetadataResponseTopic()
                        .setName(TOPIC)
                        .setTopicId(new Uuid(7L, 77L))
                        .setPartitions(List.of(new MetadataResponse.MetadataResponsePartition()
                                .setPartitionIndex(0)
                                .setLeaderId(0)
                                .setLeaderEpoch(0)
                                .setReplicaNodes(List.of(0))
                                .setIsrNodes(List.of(0))))));
    }
}
