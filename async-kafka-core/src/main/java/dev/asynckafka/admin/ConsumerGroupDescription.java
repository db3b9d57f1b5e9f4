package dev.asynckafka.admin;

import java.util.List;

/**
 * A consumer group as its coordinator describes it.
 *
 * @param groupId the group id
 * @param type {@code classic} (JoinGroup/SyncGroup) or {@code consumer} (KIP-848's protocol)
 * @param state the state as the coordinator names it ({@code Stable}, {@code Empty}, {@code
 *     PreparingRebalance}, ...)
 * @param assignor the partition assignor in use ({@code range}, {@code uniform}, ...); {@code ""}
 *     while a classic group has none
 * @param members the members, each with its assignment
 */
public record ConsumerGroupDescription(
        String groupId, String type, String state, String assignor, List<MemberDescription> members) {
    public ConsumerGroupDescription {
        members = List.copyOf(members);
    }
}
