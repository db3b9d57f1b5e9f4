package dev.asynckafka.producer.internal;

import dev.asynckafka.ClientResources;
import dev.asynckafka.common.PartitionInfo;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.GroupMetadata;
import dev.asynckafka.consumer.OffsetAndMetadata;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.errors.TimeoutException;
import dev.asynckafka.internal.ClientContext;
import dev.asynckafka.internal.TopicInfos;
import dev.asynckafka.internal.cluster.ClusterSnapshot;
import dev.asynckafka.internal.util.Loops;
import dev.asynckafka.internal.util.Retry;
import dev.asynckafka.producer.ProducerMetrics;
import dev.asynckafka.producer.ProducerOptions;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Ties the accumulator and the sender to a client context and does the hops onto the event loop
 * for the public facade. Methods may be called from any thread.
 */
public final class ProducerCore {
    private static final Duration MAX_CLOSE = Duration.ofDays(365);

    private final ProducerOptions options;
    private final ClientContext context;
    private final EventLoop loop;
    private final ProducerStats stats = new ProducerStats();
    private final RecordAccumulator accumulator;
    private final Sender sender;
    private final @Nullable TransactionManager txn;
    private final AtomicBoolean closed = new AtomicBoolean();
    /**
     * Records ({@link PendingRecord}) and transaction operations ({@link TransactionStep}) in the
     * order callers handed them over: one queue, so that a record sent after {@code
     * beginTransaction()} or {@code commitTransaction()} is never taken by a drain task queued before
     * that call.
     */
    private final ConcurrentLinkedQueue<Object> inbox = new ConcurrentLinkedQueue<>();

    private final AtomicBoolean inboxScheduled = new AtomicBoolean();
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();

    public ProducerCore(ProducerOptions options, @Nullable ClientResources resources) {
        this(options, new ClientContext(options.client(), resources, true));
    }

    /** A producer on a given context (unit tests: an embedded loop with virtual time). */
    public ProducerCore(ProducerOptions options, ClientContext context) {
        this.options = options;
        this.context = context;
        this.loop = context.loop();
        Sender[] holder = new Sender[1];
        this.accumulator = new RecordAccumulator(loop, options, context.metadata(), stats, () -> holder[0].wakeup());
        this.txn = options.isTransactional()
                ? new TransactionManager(
                        context, options, this::flushOnLoop, accumulator::abortUnsent, () -> holder[0].wakeup())
                : null;
        this.sender = new Sender(context, options, accumulator, stats, txn);
        holder[0] = sender;
    }

    /** Whether {@link #close} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    /** The producer's event loop. */
    public EventLoop loop() {
        return loop;
    }

    /** Hands a serialized record to the event loop; never blocks. */
    public void send(PendingRecord record) {
        context.start();
        hand(record);
    }

    /** A transaction operation waiting in the inbox, and the future its caller holds. */
    private record TransactionStep(
            Function<TransactionManager, CompletableFuture<Void>> op, CompletableFuture<Void> result) {}

    /** Queues a record or transaction step and makes sure one loop task will take it, in order. */
    private void hand(Object item) {
        inbox.add(item);
        if (!inboxScheduled.get() && inboxScheduled.compareAndSet(false, true)) {
            // Queued even on the loop: one task takes everything that arrived meanwhile.
            if (!Loops.submit(loop, this::drainInbox)) {
                // The loop is gone: fail what waits, and let the next call find that out too.
                inboxScheduled.set(false);
                Object waiting;
                while ((waiting = inbox.poll()) != null) {
                    KafkaException closedError = new KafkaException("The producer is closed");
                    if (waiting instanceof PendingRecord r) {
                        r.future.completeExceptionally(closedError);
                    } else if (waiting instanceof TransactionStep step) {
                        step.result().completeExceptionally(closedError);
                    }
                }
            }
        }
    }

    /**
     * Moves handed-over records into the accumulator and applies transaction steps, in arrival
     * order. One loop task takes everything that arrived meanwhile, rather than one task per record.
     */
    private void drainInbox() {
        inboxScheduled.set(false);
        Object item;
        TransactionManager txn = this.txn;
        while ((item = inbox.poll()) != null) {
            if (item instanceof TransactionStep step) {
                // Applied now, before the records handed over after it; its outcome arrives later.
                CompletableFuture<Void> started;
                try {
                    started = step.op().apply(Objects.requireNonNull(txn, "transaction manager"));
                } catch (RuntimeException e) {
                    started = CompletableFuture.failedFuture(e);
                }
                started.whenComplete((v, e) -> {
                    if (e != null) {
                        step.result().completeExceptionally(Retry.unwrap(e));
                    } else {
                        step.result().complete(null);
                    }
                });
                continue;
            }
            PendingRecord r = (PendingRecord) item;
            RuntimeException refused = txn == null ? null : txn.checkSend();
            if (refused != null) {
                r.future.completeExceptionally(refused);
            } else {
                accumulator.add(r);
            }
        }
    }

    /** Runs a transaction operation on the loop, after the records handed over before it. */
    private CompletableFuture<Void> onLoop(String operation, Function<TransactionManager, CompletableFuture<Void>> op) {
        TransactionManager t = txn;
        if (t == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("Cannot " + operation
                    + ": the producer has no transactional.id (ProducerOptions.Builder.transactionalId)"));
        }
        if (closed.get()) {
            return CompletableFuture.failedFuture(new KafkaException("The producer is closed: cannot " + operation));
        }
        context.start();
        CompletableFuture<Void> result = new CompletableFuture<>();
        hand(new TransactionStep(op, result));
        return result;
    }

    public CompletableFuture<Void> initTransactions() {
        return onLoop("initTransactions", TransactionManager::initTransactions);
    }

    public CompletableFuture<Void> beginTransaction() {
        return onLoop("beginTransaction", TransactionManager::beginTransaction);
    }

    public CompletableFuture<Void> commitTransaction() {
        return onLoop("commitTransaction", TransactionManager::commitTransaction);
    }

    public CompletableFuture<Void> abortTransaction() {
        return onLoop("abortTransaction", TransactionManager::abortTransaction);
    }

    public CompletableFuture<Void> sendOffsetsToTransaction(
            Map<TopicPartition, OffsetAndMetadata> offsets, GroupMetadata group) {
        Map<TopicPartition, OffsetAndMetadata> copy = Map.copyOf(offsets);
        return onLoop("sendOffsetsToTransaction", t -> t.sendOffsetsToTransaction(copy, group));
    }

    /** Whether the current (or next) transaction uses TV2 (KIP-890); for tests and diagnostics. */
    public CompletableFuture<Boolean> transactionV2() {
        TransactionManager t = txn;
        return t == null
                ? CompletableFuture.completedFuture(false)
                : Loops.call(loop, () -> CompletableFuture.completedFuture(t.isTransactionV2()));
    }

    /** Completes once every record handed over before this call is acknowledged or failed. */
    public CompletableFuture<Void> flush() {
        CompletableFuture<Void> result = new CompletableFuture<>();
        if (!Loops.submit(loop, () -> flushOnLoop().whenComplete((v, e) -> result.complete(null)))) {
            result.complete(null); // the loop is gone: nothing is left to flush
        }
        return result;
    }

    private CompletableFuture<Void> flushOnLoop() {
        drainInbox();
        FlushTracker flush = new FlushTracker();
        accumulator.track(flush);
        sender.track(flush);
        sender.beginFlush();
        CompletableFuture<Void> done = flush.done.whenComplete((v, e) -> sender.endFlush());
        flush.arrive();
        return done;
    }

    /** The topic's partitions, fetched if not known yet, within {@code max.block.ms}. */
    public CompletableFuture<List<PartitionInfo>> partitionsFor(String topic) {
        return TopicInfos.partitionsFor(context, topic, options.maxBlock().toNanos());
    }

    /** The cluster snapshot the producer routes by. */
    public ClusterSnapshot snapshot() {
        return context.metadata().snapshot();
    }

    public ProducerMetrics metrics() {
        return stats.snapshot();
    }

    /**
     * Refuses new records, sends what is buffered for up to {@code timeout}, then fails what is left
     * and closes connections (and the event loop if the producer owns it).
     */
    public CompletableFuture<Void> close(Duration timeout) {
        if (!closed.compareAndSet(false, true)) {
            return closeFuture;
        }
        long timeoutNanos =
                timeout.isNegative() ? 0 : timeout.compareTo(MAX_CLOSE) > 0 ? MAX_CLOSE.toNanos() : timeout.toNanos();
        long deadline = loop.ticker().nanoTime() + timeoutNanos;
        if (!Loops.submit(loop, () -> closeOnLoop(timeout, deadline))) {
            // The event loop is already gone (shared resources shut down): nothing left to send.
            closeFuture.complete(null);
        }
        return closeFuture;
    }

    private void closeOnLoop(Duration timeout, long deadline) {
        drainInbox();
        TransactionManager t = txn;
        if (t != null && t.hasOpenTransaction()) {
            // Abort rather than leave the transaction to its timeout, which would hold back
            // read_committed consumers of its partitions until then.
            CompletableFuture<Void> aborted = t.abortTransaction();
            ScheduledFuture<?> timer = loop.schedule(
                    () -> aborted.complete(null),
                    Math.max(0, deadline - loop.ticker().nanoTime()),
                    TimeUnit.NANOSECONDS);
            aborted.whenComplete((v, e) -> {
                timer.cancel(false);
                if (e != null) {
                    org.slf4j.LoggerFactory.getLogger(ProducerCore.class)
                            .warn(
                                    "Aborting the open transaction on close failed: {}",
                                    Retry.unwrap(e).toString());
                }
                finishClose(timeout, deadline);
            });
            return;
        }
        finishClose(timeout, deadline);
    }

    private void finishClose(Duration timeout, long deadline) {
        accumulator.close(new KafkaException("The producer is closed: no new records are accepted"));
        sender.beginClose();
        CompletableFuture<Void> drained = flushOnLoop();
        ScheduledFuture<?> timer = loop.schedule(
                () -> drained.complete(null),
                Math.max(0, deadline - loop.ticker().nanoTime()),
                TimeUnit.NANOSECONDS);
        drained.whenComplete((v, e) -> {
            timer.cancel(false);
            KafkaException cause = new TimeoutException("The producer was closed before the record was"
                    + " acknowledged (close timeout " + timeout.toMillis() + " ms)");
            sender.stop(cause);
            accumulator.abortAll(cause);
            drainInbox();
            long left = Math.max(0, deadline - loop.ticker().nanoTime());
            context.close(Duration.ofNanos(Math.max(left, TimeUnit.MILLISECONDS.toNanos(100))))
                    .whenComplete((x, err) -> closeFuture.complete(null));
        });
    }
}
