package dev.asynckafka.producer;

import dev.asynckafka.ClientResources;
import dev.asynckafka.common.PartitionInfo;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.GroupMetadata;
import dev.asynckafka.consumer.OffsetAndMetadata;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.errors.RecordTooLargeException;
import dev.asynckafka.internal.record.RecordBatchBuilder;
import dev.asynckafka.internal.util.Closing;
import dev.asynckafka.producer.internal.PendingRecord;
import dev.asynckafka.producer.internal.ProducerCore;
import dev.asynckafka.record.Header;
import dev.asynckafka.serialization.Serializer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * An asynchronous Kafka producer: {@link #send} hands a record over and returns at once with a
 * future of its acknowledgement. No method blocks the calling thread, not even when the topic's
 * metadata is not yet known or {@code buffer.memory} is full: such waits are part of the future,
 * bounded by {@code max.block.ms}.
 *
 * <p>Records are batched per partition ({@code batch.size}, {@code linger.ms}, {@code
 * compression.type}) and sent, per broker, in one Produce request for all partitions it leads.
 * Retriable errors are retried with exponential backoff until {@code delivery.timeout.ms}; leader
 * changes refresh metadata and re-route batches. Idempotence is on by default ({@code acks=all}):
 * no record is duplicated by retries and each partition keeps the order of {@code send} calls.
 *
 * <p><b>Threading.</b> Methods are thread-safe. Keys and values are serialized on the thread calling
 * {@code send}. Returned futures complete on the producer's Netty event loop; callbacks attached
 * without an executor run there and must be short and must not block — use the {@code *Async}
 * variants with an executor of your own for slow work. Futures that fail before the record is
 * handed over (serialization error, record too large, producer closed) are returned already failed.
 *
 * <p><b>Errors.</b> Futures fail with {@link KafkaException} subclasses: {@link
 * dev.asynckafka.errors.TimeoutException} when {@code max.block.ms} (metadata, buffer space) or
 * {@code delivery.timeout.ms} passed; {@link RecordTooLargeException} for a record over {@code
 * max.request.size} or {@code buffer.memory}; the broker's typed error for non-retriable errors
 * (authorization, invalid record).
 *
 * <h2>Cancelling</h2>
 *
 * Cancelling or timing out a {@link #send} or {@link #flush} future stops only the application's
 * wait: the record is still sent and may be written; the producer's order, buffers and idempotence
 * state are unaffected. See the {@link dev.asynckafka package documentation}.
 *
 * <h2>Transactions</h2>
 *
 * With {@link ProducerOptions.Builder#transactionalId(String) transactional.id} set, the producer is
 * transactional: call {@link #initTransactions()} once, then for each transaction {@link
 * #beginTransaction()}, {@link #send}s (and {@link #sendOffsetsToTransaction}), and {@link
 * #commitTransaction()} or {@link #abortTransaction()}. A {@code send} outside a transaction fails
 * with an {@link IllegalStateException}. Transaction futures complete on the producer's event loop.
 * Calls are applied in the order they reach the producer: a {@code send} issued after {@code
 * beginTransaction()} returned belongs to that transaction even before its future completed.
 *
 * <p>Errors: an <em>abortable</em> error (a record or an offset commit of the transaction failed,
 * {@code TRANSACTION_ABORTABLE}) makes {@code send}, {@code sendOffsetsToTransaction} and {@code
 * commitTransaction} fail until {@link #abortTransaction()} ends the transaction; a <em>fatal</em>
 * error ({@link dev.asynckafka.errors.ProducerFencedException} when another producer with the same
 * transactional id started, {@link dev.asynckafka.errors.TransactionalIdAuthorizationException},
 * {@link dev.asynckafka.errors.UnsupportedVersionException}, an EndTxn whose outcome stayed unknown)
 * makes every later transactional call fail with that same exception: close the producer.
 *
 * <p>Cancelling a transaction future does not cancel the operation: the commit or abort goes on.
 * {@link #closeAsync(Duration)} aborts an open transaction first (within the close timeout).
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class AsyncKafkaProducer<K, V> implements AutoCloseable {
    /** The close timeout of {@link #close()}: 30 seconds. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Closing.DEFAULT_TIMEOUT;

    private static final Header[] NO_HEADERS = new Header[0];

    private final ProducerOptions options;
    private final Serializer<K> keySerializer;
    private final Serializer<V> valueSerializer;
    private final ProducerCore core;

    private AsyncKafkaProducer(
            ProducerOptions options,
            Serializer<K> keySerializer,
            Serializer<V> valueSerializer,
            @Nullable ClientResources resources) {
        this(options, keySerializer, valueSerializer, new ProducerCore(options, resources));
    }

    private AsyncKafkaProducer(
            ProducerOptions options, Serializer<K> keySerializer, Serializer<V> valueSerializer, ProducerCore core) {
        this.options = Objects.requireNonNull(options, "options");
        this.keySerializer = Objects.requireNonNull(keySerializer, "keySerializer");
        this.valueSerializer = Objects.requireNonNull(valueSerializer, "valueSerializer");
        this.core = core;
    }

    /** A producer on a context built by the caller: unit tests run one on an embedded loop with virtual time. */
    static <K, V> AsyncKafkaProducer<K, V> create(
            ProducerOptions options,
            Serializer<K> keySerializer,
            Serializer<V> valueSerializer,
            dev.asynckafka.internal.ClientContext context) {
        return new AsyncKafkaProducer<>(options, keySerializer, valueSerializer, new ProducerCore(options, context));
    }

    /**
     * A producer with its own event loop, shut down by {@link #closeAsync(Duration)}. Opens no connection
     * until the first send.
     */
    public static <K, V> AsyncKafkaProducer<K, V> create(
            ProducerOptions options, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        return new AsyncKafkaProducer<>(options, keySerializer, valueSerializer, (ClientResources) null);
    }

    /** A producer on shared resources, which it never shuts down. */
    public static <K, V> AsyncKafkaProducer<K, V> create(
            ProducerOptions options,
            Serializer<K> keySerializer,
            Serializer<V> valueSerializer,
            ClientResources resources) {
        return new AsyncKafkaProducer<>(
                options, keySerializer, valueSerializer, Objects.requireNonNull(resources, "resources"));
    }

    /** The internals, for tests in this package. */
    ProducerCore core() {
        return core;
    }

    /** The options this producer was built with. */
    public ProducerOptions options() {
        return options;
    }

    /**
     * Sends a record. Serializes key and value on the calling thread, then returns at once.
     *
     * <p><b>Completion order.</b> The futures of records that went to the same partition complete
     * in the order of their {@code send} calls, whether they succeed, fail or expire: a record
     * whose {@code delivery.timeout.ms} passed while an earlier record of its partition is still
     * in flight fails only after that earlier record's future completed (at most about {@code
     * request.timeout.ms} later, when a stalled request times out). A record that failed with a
     * {@link dev.asynckafka.errors.TimeoutException} after it was sent may or may not have been
     * written; with idempotence it is never written after records sent later to its partition.
     *
     * @return completes on the producer's event loop with the record's partition, offset and
     *     timestamp once the broker acknowledged it (with {@code acks=0}: once written to the
     *     socket, offset -1); fails as described in the class documentation
     */
    public CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record) {
        Objects.requireNonNull(record, "record");
        long now = core.loop().ticker().nanoTime();
        if (core.isClosed()) {
            return CompletableFuture.failedFuture(
                    new KafkaException("The producer is closed: cannot send to " + record.topic()));
        }
        byte[] keyBytes;
        byte[] valueBytes;
        try {
            keyBytes = keySerializer.serialize(record.topic(), record.key());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new KafkaException(
                    "Cannot serialize the key of a record for " + record.topic() + ": " + e.getMessage(), e));
        }
        try {
            valueBytes = valueSerializer.serialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new KafkaException(
                    "Cannot serialize the value of a record for " + record.topic() + ": " + e.getMessage(), e));
        }
        Header[] headers =
                record.headers().isEmpty() ? NO_HEADERS : record.headers().toArray(NO_HEADERS);
        // A batch holding only this record: what must fit into max.request.size.
        int size = RecordBatchBuilder.batchSizeUpperBound(keyBytes, valueBytes, headers);
        if (size > options.maxRequestSize()) {
            return CompletableFuture.failedFuture(new RecordTooLargeException("The record for " + record.topic()
                    + " is " + size + " bytes when serialized, larger than max.request.size ("
                    + options.maxRequestSize() + ")"));
        }
        if (size > options.bufferMemory()) {
            return CompletableFuture.failedFuture(new RecordTooLargeException("The record for " + record.topic()
                    + " is " + size + " bytes when serialized, larger than buffer.memory ("
                    + options.bufferMemory() + ")"));
        }
        Long timestamp = record.timestamp();
        Integer partition = record.partition();
        CompletableFuture<RecordMetadata> future = new CompletableFuture<>();
        core.send(new PendingRecord(
                record.topic(),
                partition == null ? -1 : partition,
                record.key(),
                record.value(),
                keyBytes,
                valueBytes,
                headers,
                timestamp == null ? System.currentTimeMillis() : timestamp,
                size,
                now,
                future));
        return future;
    }

    /**
     * Registers the transactional id with its transaction coordinator (FindCoordinator, then
     * InitProducerId), which fences older producers with the same id and finishes (commits or
     * aborts) a transaction they left open. Call once, before the first transaction. Also chooses the
     * transaction protocol: TV2 (KIP-890) when the cluster's finalized {@code transaction.version} is
     * 2 or more, the classic protocol otherwise (checked again at each {@link #beginTransaction()}).
     *
     * @return completes on the producer's event loop once the producer is ready for transactions;
     *     fails with an {@link IllegalStateException} without transactional id or when called twice,
     *     with a {@link dev.asynckafka.errors.TimeoutException} after {@code max.block.ms} (then it may be
     *     called again), or with a fatal error such as {@link
     *     dev.asynckafka.errors.TransactionalIdAuthorizationException}. Cancelling it does not stop the
     *     initialization.
     */
    public CompletableFuture<Void> initTransactions() {
        return core.initTransactions();
    }

    /**
     * Opens a transaction; a local step, no request is sent. Records sent after this call belong to
     * the transaction.
     *
     * @return completes at once on the event loop (or on the calling thread if that is the loop);
     *     fails with an {@link IllegalStateException} when {@link #initTransactions()} has not completed
     *     or a transaction is already open, and with the abortable or fatal error of the producer's
     *     state as described in the class documentation
     */
    public CompletableFuture<Void> beginTransaction() {
        return core.beginTransaction();
    }

    /**
     * Adds a consumer's offsets to the transaction (KIP-447): they are committed for the consumer's
     * group if and only if the transaction commits. The group coordinator checks the group's
     * generation, member id and group instance id from {@code groupMetadata} (take it from {@link
     * dev.asynckafka.consumer.AsyncKafkaConsumer#groupMetadata()}), so a member that lost its
     * partitions in a rebalance cannot commit for them.
     *
     * @param offsets the next offsets to consume, by partition
     * @param groupMetadata the consumer's group metadata at the time the records were consumed
     * @return completes on the event loop once the group coordinator accepted the offsets; fails
     *     with the broker's typed error, for example {@link
     *     dev.asynckafka.errors.IllegalGenerationException} or {@link
     *     dev.asynckafka.errors.UnknownMemberIdException} for a stale member, after which the
     *     transaction can only be aborted. Cancelling it does not withdraw the offsets; {@link
     *     #commitTransaction()} waits for this operation either way.
     */
    public CompletableFuture<Void> sendOffsetsToTransaction(
            Map<TopicPartition, OffsetAndMetadata> offsets, GroupMetadata groupMetadata) {
        Objects.requireNonNull(offsets, "offsets");
        Objects.requireNonNull(groupMetadata, "groupMetadata");
        return core.sendOffsetsToTransaction(offsets, groupMetadata);
    }

    /**
     * Commits the transaction: first sends every record of it (ignoring {@code linger.ms}) and waits
     * until all are acknowledged and every {@link #sendOffsetsToTransaction} finished, then ends the
     * transaction with EndTxn. If a record or an offset commit of the transaction failed, nothing is
     * committed: the future fails and the transaction must be aborted.
     *
     * @return completes on the event loop once the transaction is committed; fails with an abortable
     *     error (then call {@link #abortTransaction()}), a fatal error, or an {@link
     *     IllegalStateException} when no transaction is open. Cancelling it does not stop the commit.
     */
    public CompletableFuture<Void> commitTransaction() {
        return core.commitTransaction();
    }

    /**
     * Aborts the transaction: records not yet sent fail at once (their futures fail), records in
     * flight are awaited, then EndTxn marks the transaction aborted, so {@code read_committed}
     * consumers never see its records and its offsets are not committed. Allowed in an open
     * transaction and after an abortable error.
     *
     * @return completes on the event loop once the transaction is aborted and the producer is ready
     *     for the next one; fails with a fatal error or an {@link IllegalStateException} when no
     *     transaction is open. Cancelling it does not stop the abort.
     */
    public CompletableFuture<Void> abortTransaction() {
        return core.abortTransaction();
    }

    /**
     * Makes every buffered record ready to send at once (ignoring {@code linger.ms}).
     *
     * @return completes on the event loop once every record sent before this call was acknowledged
     *     or failed; never fails itself (look at the send futures for the outcomes)
     */
    public CompletableFuture<Void> flush() {
        return core.flush();
    }

    /**
     * The partitions of a topic, fetching its metadata if not known.
     *
     * @return completes on the event loop; fails with a {@link dev.asynckafka.errors.TimeoutException}
     *     if the topic's metadata is not available within {@code max.block.ms}, or with the typed error
     *     (for example authorization) if the broker refuses
     */
    public CompletableFuture<List<PartitionInfo>> partitionsFor(String topic) {
        Objects.requireNonNull(topic, "topic");
        return core.partitionsFor(topic);
    }

    /** A snapshot of the producer's counters; any thread, never blocks. */
    public ProducerMetrics metrics() {
        return core.metrics();
    }

    /**
     * Closes the producer: refuses new records at once, aborts an open transaction (if the producer
     * is transactional), sends what is buffered for up to {@code
     * timeout}, then fails the records still not acknowledged with a {@link
     * dev.asynckafka.errors.TimeoutException}, closes connections and, if the producer created its own
     * event loop, shuts it down. Idempotent: later calls complete when the first close does.
     *
     * @return completes when closed, on an event loop thread (or the caller's if already closed);
     *     cancelling it only stops that future: the close goes on
     */
    public CompletableFuture<Void> closeAsync(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return core.close(timeout).copy();
    }

    /**
     * Closes the producer as {@link #closeAsync(Duration)} with {@link #DEFAULT_CLOSE_TIMEOUT} and
     * waits for it, so that after a try-with-resources block the producer is closed. The one
     * blocking method: it waits at most the timeout plus a few seconds, does not wait when called on
     * the producer's own event loop, and logs rather than throws when the close fails or is late.
     */
    @Override
    public void close() {
        Closing.await(closeAsync(DEFAULT_CLOSE_TIMEOUT), DEFAULT_CLOSE_TIMEOUT, core.loop(), "Producer");
    }
}
