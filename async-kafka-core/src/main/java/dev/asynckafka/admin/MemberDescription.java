package dev.asynckafka.admin;

import dev.asynckafka.common.TopicPartition;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A member of a consumer group.
 *
 * @param memberId the member id the coordinator gave it
 * @param groupInstanceId its static membership id, if any
 * @param clientId the member's {@code client.id}
 * @param host the address the member connects from
 * @param assignment the partitions assigned to it
 */
public record MemberDescription(
        String memberId,
        @Nullable String groupInstanceId,
        String clientId,
        String host,
        List<TopicPartition> assignment) {
    public MemberDescription {
        assignment = List.copyOf(assignment);
    }
}
