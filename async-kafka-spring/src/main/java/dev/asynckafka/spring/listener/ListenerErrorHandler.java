package dev.asynckafka.spring.listener;

import java.util.concurrent.CompletionStage;

/**
 * Decides what becomes of a record (or batch) whose last attempt failed. A bean of this type
 * replaces the default, which publishes to a dead-letter topic ({@link DeadLetterPublisher}) or,
 * with {@code async-kafka.listener.dead-letter.enabled=false}, logs at ERROR and moves on
 * ({@link LoggingErrorHandler}).
 *
 * <p>Called on a listener executor thread. The partition waits until the returned stage
 * completes: normally, the records count as done and become committable; exceptionally, the
 * handler is called again after the retry backoff, for as long as it fails (never a silent skip),
 * until the partition is revoked or the container stops (then the records are not committed and
 * will be delivered again).
 */
@FunctionalInterface
public interface ListenerErrorHandler {

    /** Handles records that failed their last attempt. */
    CompletionStage<Void> handle(ListenerFailure failure);

    /**
     * Handles records that failed their last attempt, in a transaction of their own, when the
     * containers are transactional ({@code async-kafka.producer.transaction-id-prefix}): the
     * container commits the records' offsets in {@code transaction} once the returned stage
     * completed normally, and aborts it otherwise. Records sent through {@code transaction} are
     * committed with the offsets (the default {@link DeadLetterPublisher} sends its dead letters
     * so); other effects of the handler are not part of it. The default calls {@link
     * #handle(ListenerFailure)}.
     */
    default CompletionStage<Void> handle(ListenerFailure failure, ListenerTransaction transaction) {
        return handle(failure);
    }
}
