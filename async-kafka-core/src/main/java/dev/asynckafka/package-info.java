/**
 * async-kafka: a Kafka client that is asynchronous from the socket up.
 *
 * <h2>Threading contract</h2>
 *
 * <ul>
 *   <li><b>One loop per client.</b> Every client (admin, and later producer and consumer) binds
 *       itself to one Netty event loop of its {@link dev.asynckafka.ClientResources} when it is
 *       created. All of its mutable state — connection pool, broker connections, metadata, request
 *       queues — lives on that loop and is touched only there, so none of it needs locks.
 *   <li><b>Nothing blocks a caller.</b> Public methods are thread-safe, return {@link
 *       java.util.concurrent.CompletableFuture}s, and only hand work to the client's loop. No
 *       constructor or method performs I/O, DNS lookups or waits.
 *   <li><b>Nothing blocks an event loop.</b> Code running on a loop never calls {@code join()},
 *       {@code get()}, sleeps, does synchronous I/O or holds a lock across I/O. DNS is resolved
 *       asynchronously on the loop; waits (backoff, timeouts) are scheduled tasks.
 *   <li><b>Which thread completes futures.</b> Futures returned by the clients complete on the
 *       client's event loop. Dependent stages attached without an executor ({@code thenApply},
 *       {@code whenComplete}) run on that loop too: keep them short and non-blocking, or use the
 *       {@code *Async} variants with an executor of your own.
 *   <li><b>Shared resources.</b> Many clients may share one {@link dev.asynckafka.ClientResources};
 *       clients spread over its loops round-robin. A client closes only resources it created.
 * </ul>
 *
 * <h2>Cancelling and timing out futures</h2>
 *
 * Completing, cancelling or timing out ({@code orTimeout}, {@code completeOnTimeout}) a future a
 * client returned only stops the application waiting for it; it never corrupts the client or
 * leaks a buffer. What the operation does then:
 *
 * <ul>
 *   <li><b>{@code getMany}/{@code getOne}</b>: if the consumer has not taken records for the call
 *       yet, it takes none: they stay buffered, in order, for the next call, and positions and
 *       auto-commit do not move. If it already has, the application's cancel returns {@code false}
 *       and the future completes with the records. Either way no record is lost or seen twice.
 *       This holds for the returned future itself; a dependent stage ({@code thenApply}, {@code
 *       copy()}) receives the records like any other callback.
 *   <li><b>Everything else</b> (producer {@code send}, {@code flush}; consumer {@code commit},
 *       {@code seek*}, {@code position}, {@code committed}, offset lookups, {@code subscribe},
 *       {@code unsubscribe}, {@code enforceRebalance}, {@code partitionsFor}, {@code listTopics};
 *       admin operations; {@code closeAsync} of every client): the operation goes on as if the
 *       future had not been cancelled. A cancelled {@code send} may still be written; a cancelled
 *       {@code commit} may still be committed; a cancelled {@code closeAsync} still closes.
 * </ul>
 *
 * <h2>Closing</h2>
 *
 * Every client has {@code closeAsync(Duration)}, which returns a future of its own, and {@code
 * close()}, which waits for {@code closeAsync(DEFAULT_CLOSE_TIMEOUT)} (30 seconds) plus a few
 * seconds of grace, so a try-with-resources block ends with the client closed. {@code close()} is
 * the one method that blocks; called on the client's own event loop it starts the close and
 * returns. The producer sends what it buffered first; the consumer commits (with auto-commit) and
 * leaves its group; the admin client fails operations still running.
 *
 * <h2>Errors</h2>
 *
 * Futures fail with subclasses of {@link dev.asynckafka.errors.KafkaException}; {@link
 * dev.asynckafka.errors.KafkaException#isRetriable()} tells whether trying again may succeed.
 * Broker error codes map one-to-one to exception types through {@link
 * dev.asynckafka.errors.ErrorCode}.
 */
@NullMarked
package dev.asynckafka;

import org.jspecify.annotations.NullMarked;
