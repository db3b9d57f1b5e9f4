package dev.asynckafka.admin;

import java.util.Objects;

/**
 * A group as {@link AsyncKafkaAdmin#listGroups(java.util.Set, java.util.Set)} lists it.
 *
 * @param groupId the group id
 * @param protocolType the protocol type of a classic group ({@code consumer} for consumers, {@code
 *     connect} for Connect), {@code consumer} for a group of the consumer protocol
 * @param state the group state as the broker names it ({@code Stable}, {@code Empty}, {@code
 *     PreparingRebalance}, ...), or {@code ""} from brokers too old to say
 * @param type {@code classic}, {@code consumer}, {@code share} or {@code streams}; {@code ""} from
 *     brokers too old to say
 */
public record GroupListing(String groupId, String protocolType, String state, String type) {
    public GroupListing {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(protocolType, "protocolType");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(type, "type");
    }
}
