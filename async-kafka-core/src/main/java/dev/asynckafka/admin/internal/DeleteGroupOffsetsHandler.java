package dev.asynckafka.admin.internal;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.errors.ErrorCode;
import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.ApiMessage;
import dev.asynckafka.internal.protocol.message.OffsetDeleteRequest;
import dev.asynckafka.internal.protocol.message.OffsetDeleteResponse;
import java.util.ArrayList;
import java.util.List;

/** OffsetDelete of some of a group's committed offsets; an item is a partition. */
public final class DeleteGroupOffsetsHandler implements AdminHandler<TopicPartition, Void> {
    private final String groupId;

    public DeleteGroupOffsetsHandler(String groupId) {
        this.groupId = groupId;
    }

    @Override
    public String name() {
        return "deleting committed offset of group " + groupId + " for";
    }

    @Override
    public ApiKey api() {
        return ApiKey.OFFSET_DELETE;
    }

    @Override
    public Route route(TopicPartition key) {
        return new Route.GroupCoordinator(groupId);
    }

    @Override
    public ApiMessage request(List<TopicPartition> keys, short version) {
        List<OffsetDeleteRequest.OffsetDeleteRequestTopic> topics = new ArrayList<>();
        AdminDriver.groupBy(keys, TopicPartition::topic).forEach((topic, partitions) -> {
            List<OffsetDeleteRequest.OffsetDeleteRequestPartition> list = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                list.add(new OffsetDeleteRequest.OffsetDeleteRequestPartition().setPartitionIndex(tp.partition()));
            }
            topics.add(new OffsetDeleteRequest.OffsetDeleteRequestTopic()
                    .setName(topic)
                    .setPartitions(list));
        });
        return new OffsetDeleteRequest().setGroupId(groupId).setTopics(topics);
    }

    @Override
    public void response(
            ApiMessage response, List<TopicPartition> keys, short version, Outcomes<TopicPartition, Void> outcomes) {
        OffsetDeleteResponse r = (OffsetDeleteResponse) response;
        if (ErrorCode.forCode(r.errorCode()) != ErrorCode.NONE) {
            // A group-level error (unknown group, group not empty, coordinator moved) is every partition's.
            for (TopicPartition tp : keys) {
                outcomes.check(tp, r.errorCode(), null);
            }
            return;
        }
        for (OffsetDeleteResponse.OffsetDeleteResponseTopic t : r.topics()) {
            for (OffsetDeleteResponse.OffsetDeleteResponsePartition p : t.partitions()) {
                TopicPartition tp = new TopicPartition(t.name(), p.partitionIndex());
                if (outcomes.check(tp, p.errorCode(), null)) {
                    outcomes.succeed(tp, null);
                }
            }
        }
    }
}
