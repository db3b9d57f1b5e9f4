package dev.asynckafka.admin;

import java.util.Map;
import java.util.Objects;

/**
 * A topic to create.
 *
 * @param name the topic name
 * @param partitions the number of partitions, or -1 for the broker's {@code num.partitions}
 * @param replicationFactor replicas per partition, or -1 for the broker's {@code
 *     default.replication.factor}
 * @param configs topic configuration overrides, such as {@code cleanup.policy}
 */
public record NewTopic(String name, int partitions, short replicationFactor, Map<String, String> configs) {
    public NewTopic {
        Objects.requireNonNull(name, "name");
        configs = Map.copyOf(configs);
        if (partitions == 0 || partitions < -1) {
            throw new IllegalArgumentException("partitions must be positive or -1, was " + partitions);
        }
        if (replicationFactor == 0 || replicationFactor < -1) {
            throw new IllegalArgumentException("replicationFactor must be positive or -1, was " + replicationFactor);
        }
    }

    /** A topic with the given partitions and replication and no config overrides. */
    public NewTopic(String name, int partitions, short replicationFactor) {
        this(name, partitions, replicationFactor, Map.of());
    }

    /** A topic with the broker's default partition count and replication factor. */
    public static NewTopic withDefaults(String name) {
        return new NewTopic(name, -1, (short) -1, Map.of());
    }
}
