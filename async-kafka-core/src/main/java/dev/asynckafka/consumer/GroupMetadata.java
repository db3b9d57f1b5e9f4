package dev.asynckafka.consumer;

import org.jspecify.annotations.Nullable;

/**
 * The consumer's group membership right now, as kafka-clients' {@code ConsumerGroupMetadata}.
 *
 * @param groupId the group
 * @param generationId the generation joined, or -1 while not a member
 * @param memberId the member id the coordinator gave, or empty
 * @param groupInstanceId the static member id, or null
 */
public record GroupMetadata(
        String groupId,
        int generationId,
        String memberId,
        @Nullable String groupInstanceId) {}
