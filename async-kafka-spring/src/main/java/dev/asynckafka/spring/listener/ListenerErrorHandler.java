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
}
