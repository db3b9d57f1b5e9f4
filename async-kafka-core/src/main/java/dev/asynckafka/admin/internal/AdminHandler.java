package dev.asynckafka.admin.internal;

import dev.asynckafka.errors.ErrorCode;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.ApiMessage;
import java.util.List;

/**
 * One admin operation over items of type {@code K} (topics, partitions, groups, resources), each
 * ending in a value of type {@code V}: how to route an item, how to build the request for a batch
 * of items going to the same broker, and how to read the response into per-item outcomes. The
 * {@link AdminDriver} does the routing, sending and retrying. Implementations are stateless or
 * confined to the client's event loop.
 */
public interface AdminHandler<K, V> {
    /** Names the operation in error messages, e.g. {@code "createPartitions"}. */
    String name();

    /** The API the requests use (its version is negotiated per broker before building). */
    ApiKey api();

    /** The highest version this handler can build and read. */
    default short maxVersion() {
        return Short.MAX_VALUE;
    }

    /** Where the item's request goes. */
    Route route(K key);

    /** Whether several items can share one request at this version (else one request per item). */
    default boolean batches(short version) {
        return true;
    }

    /** The request for items that all go to the same broker, at the negotiated version. */
    ApiMessage request(List<K> keys, short version);

    /**
     * Reads the response into outcomes for the items that were sent. Items it leaves without an
     * outcome fail, naming the broker's omission.
     */
    void response(ApiMessage response, List<K> keys, short version, Outcomes<K, V> outcomes);

    /**
     * Whether an error is worth another attempt for this operation: by default whether Kafka calls
     * it retriable, except an unknown topic or partition, which for an admin call is the answer
     * (the caller named something that does not exist), not a reason to wait. Operations waiting
     * for a new topic to appear say yes to it.
     */
    default boolean retriable(KafkaException error) {
        return error.errorCode() == ErrorCode.NOT_CONTROLLER
                || error.isRetriable() && error.errorCode() != ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    }

    /** Describes an item for error messages. */
    default String describe(K key) {
        return String.valueOf(key);
    }

    /** Whether the driver must look the item up again before retrying it (coordinator or leader moved). */
    static boolean reroutes(ErrorCode code) {
        return switch (code) {
            case NOT_CONTROLLER,
                    NOT_COORDINATOR,
                    COORDINATOR_NOT_AVAILABLE,
                    NOT_LEADER_OR_FOLLOWER,
                    LEADER_NOT_AVAILABLE,
                    FENCED_LEADER_EPOCH,
                    UNKNOWN_LEADER_EPOCH -> true;
            default -> false;
        };
    }
}
