package dev.asynckafka.admin.internal;

import dev.asynckafka.admin.ConsumerGroupDescription;
import dev.asynckafka.admin.MemberDescription;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.internal.group.ConsumerProtocolCodec;
import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.ApiMessage;
import dev.asynckafka.internal.protocol.message.DescribeGroupsRequest;
import dev.asynckafka.internal.protocol.message.DescribeGroupsResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * DescribeGroups for classic groups, decoding each member's consumer protocol assignment; an item
 * is a group id. A group that does not exist fails with {@code GROUP_ID_NOT_FOUND} (from v6;
 * older versions describe it with state {@code Dead}).
 */
public final class DescribeClassicGroupsHandler implements AdminHandler<String, ConsumerGroupDescription> {
    @Override
    public String name() {
        return "describing group";
    }

    @Override
    public ApiKey api() {
        return ApiKey.DESCRIBE_GROUPS;
    }

    @Override
    public Route route(String key) {
        return new Route.GroupCoordinator(key);
    }

    @Override
    public ApiMessage request(List<String> keys, short version) {
        return new DescribeGroupsRequest().setGroups(new ArrayList<>(keys));
    }

    @Override
    public void response(
            ApiMessage response,
            List<String> keys,
            short version,
            Outcomes<String, ConsumerGroupDescription> outcomes) {
        for (DescribeGroupsResponse.DescribedGroup g : ((DescribeGroupsResponse) response).groups()) {
            if (!outcomes.check(g.groupId(), g.errorCode(), g.errorMessage())) {
                continue;
            }
            boolean consumer =
                    "consumer".equals(g.protocolType()) || g.protocolType().isEmpty();
            List<MemberDescription> members = new ArrayList<>();
            for (DescribeGroupsResponse.DescribedGroupMember m : g.members()) {
                List<TopicPartition> assignment = consumer
                        ? ConsumerProtocolCodec.decodeAssignment(m.memberAssignment())
                                .partitions()
                        : List.of();
                members.add(new MemberDescription(
                        m.memberId(), m.groupInstanceId(), m.clientId(), m.clientHost(), assignment));
            }
            outcomes.succeed(
                    g.groupId(),
                    new ConsumerGroupDescription(g.groupId(), "classic", g.groupState(), g.protocolData(), members));
        }
    }
}
