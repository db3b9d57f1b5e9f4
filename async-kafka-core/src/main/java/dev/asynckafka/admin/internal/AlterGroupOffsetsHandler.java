package dev.asynckafka.admin.internal;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.OffsetAndMetadata;
import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.ApiMessage;
import dev.asynckafka.internal.protocol.message.OffsetCommitRequest;
import dev.asynckafka.internal.protocol.message.OffsetCommitResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OffsetCommit outside any generation (as an admin tool does: the group must have no active
 * members) to the group's coordinator; an item is a partition.
 */
public final class AlterGroupOffsetsHandler implements AdminHandler<TopicPartition, Void> {
    /** v10 names topics by id. */
    private static final short MAX_VERSION = 9;

    private final String groupId;
    private final Map<TopicPartition, OffsetAndMetadata> offsets;

    public AlterGroupOffsetsHandler(String groupId, Map<TopicPartition, OffsetAndMetadata> offsets) {
        this.groupId = groupId;
        this.offsets = offsets;
    }

    @Override
    public String name() {
        return "committing offset of group " + groupId + " for";
    }

    @Override
    public ApiKey api() {
        return ApiKey.OFFSET_COMMIT;
    }

    @Override
    public short maxVersion() {
        return MAX_VERSION;
    }

    @Override
    public Route route(TopicPartition key) {
        return new Route.GroupCoordinator(groupId);
    }

    @Override
    public ApiMessage request(List<TopicPartition> keys, short version) {
        List<OffsetCommitRequest.OffsetCommitRequestTopic> topics = new ArrayList<>();
        AdminDriver.groupBy(keys, TopicPartition::topic).forEach((topic, partitions) -> {
            List<OffsetCommitRequest.OffsetCommitRequestPartition> list = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata o = offsets.get(tp);
                list.add(new OffsetCommitRequest.OffsetCommitRequestPartition()
                        .setPartitionIndex(tp.partition())
                        .setCommittedOffset(o.offset())
                        .setCommittedLeaderEpoch(o.leaderEpoch())
                        .setCommittedMetadata(o.metadata()));
            }
            topics.add(new OffsetCommitRequest.OffsetCommitRequestTopic()
                    .setName(topic)
                    .setPartitions(list));
        });
        return new OffsetCommitRequest()
                .setGroupId(groupId)
                .setGenerationIdOrMemberEpoch(-1)
                .setMemberId("")
                .setTopics(topics);
    }

    @Override
    public void response(
            ApiMessage response, List<TopicPartition> keys, short version, Outcomes<TopicPartition, Void> outcomes) {
        for (OffsetCommitResponse.OffsetCommitResponseTopic t : ((OffsetCommitResponse) response).topics()) {
            for (OffsetCommitResponse.OffsetCommitResponsePartition p : t.partitions()) {
                TopicPartition tp = new TopicPartition(t.name(), p.partitionIndex());
                if (outcomes.check(tp, p.errorCode(), null)) {
                    outcomes.succeed(tp, null);
                }
            }
        }
    }
}
