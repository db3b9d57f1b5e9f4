package dev.asynckafka.admin.internal;

import dev.asynckafka.common.TopicPartition;

/** Where the request for one item of an admin operation goes. */
public sealed interface Route {
    /** Any live broker. */
    record AnyBroker() implements Route {}

    /** The active controller as metadata names it (KRaft brokers forward to the real one). */
    record Controller() implements Route {}

    /** One broker by id, for per-broker resources and listings. */
    record Broker(int id) implements Route {}

    /** The leader of a partition, looked up in metadata. */
    record Leader(TopicPartition partition) implements Route {}

    /** The group coordinator of a group, looked up with FindCoordinator. */
    record GroupCoordinator(String groupId) implements Route {}

    /** The shared instance of {@link AnyBroker}. */
    Route ANY = new AnyBroker();

    /** The shared instance of {@link Controller}. */
    Route CONTROLLER = new Controller();
}
