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
