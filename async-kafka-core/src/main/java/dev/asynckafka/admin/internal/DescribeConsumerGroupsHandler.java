package dev.asynckafka.admin.internal;

import dev.asynckafka.admin.ConsumerGroupDescription;
import dev.asynckafka.admin.MemberDescription;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.ApiMessage;
import dev.asynckafka.internal.protocol.message.ConsumerGroupDescribeRequest;
import dev.asynckafka.internal.protocol.message.ConsumerGroupDescribeResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * ConsumerGroupDescribe for groups of the consumer protocol (KIP-848); an item is a group id. A
 * classic or unknown group fails with {@code GROUP_ID_NOT_FOUND}, which the caller answers with
 * {@link DescribeClassicGroupsHandler}.
 */
public final class DescribeConsumerGroupsHandler implements AdminHandler<String, ConsumerGroupDescription> {
    @Override
    public String name() {
        return "describing consumer group";
    }

    @Override
    public ApiKey api() {
        return ApiKey.CONSUMER_GROUP_DESCRIBE;
    }

    @Override
    public Route route(String key) {
        return new Route.GroupCoordinator(key);
    }

    @Override
    public ApiMessage request(List<String> keys, short version) {
        return new ConsumerGroupDescribeRequest().setGroupIds(new ArrayList<>(keys));
    }

    @Override
    public void response(
            ApiMessage response,
            List<String> keys,
            short version,
            Outcomes<String, ConsumerGroupDescription> outcomes) {
        for (ConsumerGroupDescribeResponse.DescribedGroup g : ((ConsumerGroupDescribeResponse) response).groups()) {
            if (!outcomes.check(g.groupId(), g.errorCode(), g.errorMessage())) {
                continue;
            }
            List<MemberDescription> members = new ArrayList<>();
            for (ConsumerGroupDescribeResponse.Member m : g.members()) {
                List<TopicPartition> assignment = new ArrayList<>();
                for (ConsumerGroupDescribeResponse.TopicPartitions t :
                        m.assignment().topicPartitions()) {
                    for (int p : t.partitions()) {
                        assignment.add(new TopicPartition(t.topicName(), p));
                    }
                }
                members.add(
                        new MemberDescription(m.memberId(), m.instanceId(), m.clientId(), m.clientHost(), assignment));
            }
            outcomes.succeed(
                    g.groupId(),
                    new ConsumerGroupDescription(g.groupId(), "consumer", g.groupState(), g.assignorName(), members));
        }
    }
}
