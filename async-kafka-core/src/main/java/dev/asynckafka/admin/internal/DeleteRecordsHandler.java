package dev.asynckafka.admin.internal;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.ApiMessage;
import dev.asynckafka.internal.protocol.message.DeleteRecordsRequest;
import dev.asynckafka.internal.protocol.message.DeleteRecordsResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * DeleteRecords to each partition's leader; an item is a partition, its value the new low
 * watermark (log start offset).
 */
public final class DeleteRecordsHandler implements AdminHandler<TopicPartition, Long> {
    private final Map<TopicPartition, Long> beforeOffsets;
    private final int timeoutMs;

    public DeleteRecordsHandler(Map<TopicPartition, Long> beforeOffsets, int timeoutMs) {
        this.beforeOffsets = beforeOffsets;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public String name() {
        return "deleting records of";
    }

    @Override
    public ApiKey api() {
        return ApiKey.DELETE_RECORDS;
    }

    @Override
    public Route route(TopicPartition key) {
        return new Route.Leader(key);
    }

    @Override
    public ApiMessage request(List<TopicPartition> keys, short version) {
        List<DeleteRecordsRequest.DeleteRecordsTopic> topics = new ArrayList<>();
        AdminDriver.groupBy(keys, TopicPartition::topic).forEach((topic, partitions) -> {
            List<DeleteRecordsRequest.DeleteRecordsPartition> list = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                list.add(new DeleteRecordsRequest.DeleteRecordsPartition()
                        .setPartitionIndex(tp.partition())
                        .setOffset(beforeOffsets.get(tp)));
            }
            topics.add(
                    new DeleteRecordsRequest.DeleteRecordsTopic().setName(topic).setPartitions(list));
        });
        return new DeleteRecordsRequest().setTopics(topics).setTimeoutMs(timeoutMs);
    }

    @Override
    public void response(
            ApiMessage response, List<TopicPartition> keys, short version, Outcomes<TopicPartition, Long> outcomes) {
        for (DeleteRecordsResponse.DeleteRecordsTopicResult t : ((DeleteRecordsResponse) response).topics()) {
            for (DeleteRecordsResponse.DeleteRecordsPartitionResult p : t.partitions()) {
                TopicPartition tp = new TopicPartition(t.name(), p.partitionIndex());
                if (outcomes.check(tp, p.errorCode(), null)) {
                    outcomes.succeed(tp, p.lowWatermark());
                }
            }
        }
    }
}
