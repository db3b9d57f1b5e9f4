package dev.asynckafka.consumer;

/**
 * The consumer group protocol ({@code group.protocol}), as in kafka-clients.
 *
 * <ul>
 *   <li>{@link #CLASSIC}: JoinGroup/SyncGroup/Heartbeat; a member (the leader) runs the client-side
 *       {@link PartitionAssignor}, and every rebalance synchronizes the whole group.
 *   <li>{@link #CONSUMER}: KIP-848 (Apache Kafka 4.0+): ConsumerGroupHeartbeat; the coordinator
 *       computes the assignment ({@code group.remote.assignor}) and each member reconciles its own
 *       part incrementally, so a member that is slow or joining never stops the others.
 * </ul>
 */
public enum GroupProtocol {
    CLASSIC,
    CONSUMER;

    /** The configuration value: {@code classic} or {@code consumer}. */
    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Parses {@code classic} or {@code consumer} (case-insensitive).
     *
     * @throws IllegalArgumentException for any other value
     */
    public static GroupProtocol of(String name) {
        for (GroupProtocol p : values()) {
            if (p.name().equalsIgnoreCase(name.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("group.protocol must be classic or consumer, not '" + name + "'");
    }
}
