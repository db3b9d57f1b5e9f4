package dev.asynckafka.admin.internal;

import dev.asynckafka.admin.ListedOffset;
import dev.asynckafka.admin.OffsetSpec;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.errors.UnsupportedVersionException;
import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.ApiMessage;
import dev.asynckafka.internal.protocol.message.ListOffsetsRequest;
import dev.asynckafka.internal.protocol.message.ListOffsetsResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** ListOffsets to each partition's leader; an item is a partition. */
public final class ListOffsetsHandler implements AdminHandler<TopicPartition, ListedOffset> {
    /** KIP-734's max-timestamp lookup needs v7. */
    private static final short MAX_TIMESTAMP_VERSION = 7;

    private final Map<TopicPartition, OffsetSpec> specs;
    private final int timeoutMs;

    public ListOffsetsHandler(Map<TopicPartition, OffsetSpec> specs, int timeoutMs) {
        this.specs = specs;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public String name() {
        return "listing offsets of";
    }

    @Override
    public ApiKey api() {
        return ApiKey.LIST_OFFSETS;
    }

    @Override
    public Route route(TopicPartition key) {
        return new Route.Leader(key);
    }

    @Override
    public ApiMessage request(List<TopicPartition> keys, short version) {
        List<ListOffsetsRequest.ListOffsetsTopic> topics = new ArrayList<>();
        AdminDriver.groupBy(keys, TopicPartition::topic).forEach((topic, partitions) -> {
            List<ListOffsetsRequest.ListOffsetsPartition> list = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                long timestamp = specs.get(tp).timestamp();
                if (timestamp == OffsetSpec.maxTimestamp().timestamp() && version < MAX_TIMESTAMP_VERSION) {
                    throw new UnsupportedVersionException(
                            "The broker speaks ListOffsets v" + version + ", too old for the max-timestamp lookup");
                }
                list.add(new ListOffsetsRequest.ListOffsetsPartition()
                        .setPartitionIndex(tp.partition())
                        .setCurrentLeaderEpoch(-1)
                        .setTimestamp(timestamp));
            }
            topics.add(new ListOffsetsRequest.ListOffsetsTopic().setName(topic).setPartitions(list));
        });
        return new ListOffsetsRequest()
                .setReplicaId(-1)
                .setIsolationLevel((byte) 0)
                .setTopics(topics)
                .setTimeoutMs(timeoutMs);
    }

    @Override
    public void response(
            ApiMessage response,
            List<TopicPartition> keys,
            short version,
            Outcomes<TopicPartition, ListedOffset> outcomes) {
        for (ListOffsetsResponse.ListOffsetsTopicResponse t : ((ListOffsetsResponse) response).topics()) {
            for (ListOffsetsResponse.ListOffsetsPartitionResponse p : t.partitions()) {
                TopicPartition tp = new TopicPartition(t.name(), p.partitionIndex());
                if (outcomes.check(tp, p.errorCode(), null)) {
                    outcomes.succeed(tp, new ListedOffset(p.offset(), p.timestamp(), p.leaderEpoch()));
                }
            }
        }
    }
}
