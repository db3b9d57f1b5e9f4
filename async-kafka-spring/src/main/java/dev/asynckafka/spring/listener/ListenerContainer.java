package dev.asynckafka.spring.listener;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.consumer.GroupMetadata;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One running {@code @AsyncKafkaListener} endpoint: a consumer whose assigned partitions are each
 * processed as an ordered lane. Obtained from {@link AsyncKafkaListenerRegistry}. All methods are
 * thread-safe and never block.
 */
public interface ListenerContainer {

    /** The container's lifecycle state. */
    enum State {
        /** Created or stopped: no consumer, no group membership. */
        STOPPED,
        /** Subscribing and joining the group. */
        STARTING,
        /** Consuming and processing. */
        RUNNING,
        /** Draining in-flight work, committing and leaving the group. */
        STOPPING,
        /** Stopped by an error it cannot recover from; {@link #failure()} says which. */
        FAILED
    }

    /** The listener id ({@code @AsyncKafkaListener(id)}, or one derived from the bean and method). */
    String id();

    /** The consumer group, or {@code null} for a listener that assigns partitions itself. */
    @Nullable
    String groupId();

    /** The current state. */
    State state();

    /** The error that moved the container to {@link State#FAILED}, or {@code null}. */
    @Nullable
    Throwable failure();

    /** The partitions currently assigned to this container's consumer. */
    Set<TopicPartition> assignment();

    /**
     * Records of {@code partition} the container has taken from the consumer and not finished yet:
     * waiting in the partition's lane plus the record (or batch) in progress; 0 for a partition not
     * assigned. The consumer's position is past these records, so consumer lag does not count them.
     */
    int pendingRecords(TopicPartition partition);

    /** The consumer, while the container is starting or running; {@code null} otherwise. */
    @Nullable
    AsyncKafkaConsumer<?, ?> consumer();

    /**
     * The consumer's group membership right now (member id, generation, group instance id), for
     * {@code AsyncKafkaProducer.sendOffsetsToTransaction}: the broker refuses offsets of a member
     * that is no longer in that generation, so a zombie cannot commit for partitions it lost. Ask
     * for it right before sending offsets: it changes with every rebalance (generation -1 while
     * not joined).
     *
     * @return completes on the consumer's event loop; fails with {@link IllegalStateException} if
     *     the listener has no group or the container is not starting or running. Cancelling it has
     *     no effect on the consumer.
     */
    default CompletableFuture<GroupMetadata> groupMetadata() {
        if (groupId() == null) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException("Listener " + id() + " assigns its partitions: it has no group"));
        }
        AsyncKafkaConsumer<?, ?> consumer = consumer();
        if (consumer == null) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException("Listener " + id() + " is " + state() + ": no consumer"));
        }
        return consumer.groupMetadata();
    }

    /**
     * Stops handing records to the listener and pauses the consumer's partitions, keeping what is
     * buffered; the consumer stays in its group. Once this returns, the listener is called for no
     * record whose processing had not begun yet, including records already handed to the executor
     * and waiting there for a slot (they go back to their partition's lane). Records whose processing
     * had begun (their first listener call started or was starting) finish, with their retries and
     * the error handler. Partitions assigned while paused are paused too. Pausing lasts until
     * {@link #resume()}, also across a stop and start.
     */
    void pause();

    /** Undoes {@link #pause()}. */
    void resume();

    /** Whether {@link #pause()} is in effect. */
    boolean isPaused();
}
