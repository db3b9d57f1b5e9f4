package dev.asynckafka.consumer;

import dev.asynckafka.internal.network.TrafficClass;

/** Test access to consumer internals for tests in other packages. */
public final class ConsumerInternals {
    private ConsumerInternals() {}

    /** How often the consumer's connections of this traffic class re-authenticated (KIP-368). */
    public static long reauthentications(AsyncKafkaConsumer<?, ?> consumer, TrafficClass traffic) {
        return consumer.connections().reauthentications(traffic);
    }
}
