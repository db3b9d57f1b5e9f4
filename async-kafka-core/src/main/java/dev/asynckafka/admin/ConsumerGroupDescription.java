package dev.asynckafka.admin;

import dev.asynckafka.common.Node;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A consumer group as its coordinator describes it.
 *
 * @param groupId the group id
 * @param type {@code classic} (JoinGroup/SyncGroup) or {@code consumer} (KIP-848's protocol)
 * @param state the state as the coordinator names it ({@code Stable}, {@code Empty}, {@code Dead}
 *     for a group that does not exist, ...)
 * @param assignor the partition assignor in use ({@code range}, {@code uniform}, ...); {@code ""}
 *     while a classic group has none
 * @param coordinator the group's coordinator, if known
 * @param members the members, each with its assignment
 */
public record ConsumerGroupDescription(
        String groupId,
        String type,
        String state,
        String assignor,
        @Nullable Node coordinator,
        List<MemberDescription> members) {
    public ConsumerGroupDescription {
        members = List.copyOf(members);
    }
}
