package dev.asynckafka.spring.listener;

import dev.asynckafka.serialization.Serializer;
import java.util.Objects;

/**
 * Makes a registry's listener containers transactional (see {@link ListenerTransaction}): each
 * assigned partition gets a producer with {@code transactional.id} = {@code transactionIdPrefix +
 * groupId + ":" + topic + ":" + partition}. A topic name never contains ':' ({@code
 * [a-zA-Z0-9._-]}), so the id read from the right is unambiguous even when the group contains
 * dots or colons.
 *
 * @param transactionIdPrefix {@code async-kafka.producer.transaction-id-prefix}
 * @param keySerializer serializes keys sent through {@link ListenerTransaction#send}
 * @param valueSerializer serializes values sent through {@link ListenerTransaction#send}
 */
public record ListenerTransactionSettings(
        String transactionIdPrefix, Serializer<Object> keySerializer, Serializer<Object> valueSerializer) {

    public ListenerTransactionSettings {
        Objects.requireNonNull(transactionIdPrefix, "transactionIdPrefix");
        Objects.requireNonNull(keySerializer, "keySerializer");
        Objects.requireNonNull(valueSerializer, "valueSerializer");
    }

    /** The transactional id of the producer for one partition of a group's listener. */
    public String transactionalId(String groupId, String topic, int partition) {
        return transactionIdPrefix + groupId + ":" + topic + ":" + partition;
    }
}
