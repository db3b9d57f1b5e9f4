package dev.asynckafka.producer.internal;

import dev.asynckafka.common.Node;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.GroupMetadata;
import dev.asynckafka.consumer.OffsetAndMetadata;
import dev.asynckafka.errors.ClusterAuthorizationException;
import dev.asynckafka.errors.CoordinatorNotAvailableException;
import dev.asynckafka.errors.ErrorCode;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.errors.ProducerFencedException;
import dev.asynckafka.errors.TimeoutException;
import dev.asynckafka.errors.TransactionalIdAuthorizationException;
import dev.asynckafka.errors.UnsupportedVersionException;
import dev.asynckafka.internal.ClientContext;
import dev.asynckafka.internal.network.ApiVersionTable;
import dev.asynckafka.internal.network.Backoff;
import dev.asynckafka.internal.network.BrokerConnection;
import dev.asynckafka.internal.network.TrafficClass;
import dev.asynckafka.internal.protocol.ApiMessage;
import dev.asynckafka.internal.protocol.message.AddOffsetsToTxnRequest;
import dev.asynckafka.internal.protocol.message.AddOffsetsToTxnResponse;
import dev.asynckafka.internal.protocol.message.AddPartitionsToTxnRequest;
import dev.asynckafka.internal.protocol.message.AddPartitionsToTxnResponse;
import dev.asynckafka.internal.protocol.message.EndTxnRequest;
import dev.asynckafka.internal.protocol.message.EndTxnResponse;
import dev.asynckafka.internal.protocol.message.FindCoordinatorRequest;
import dev.asynckafka.internal.protocol.message.FindCoordinatorResponse;
import dev.asynckafka.internal.protocol.message.InitProducerIdRequest;
import dev.asynckafka.internal.protocol.message.InitProducerIdResponse;
import dev.asynckafka.internal.protocol.message.TxnOffsetCommitRequest;
import dev.asynckafka.internal.protocol.message.TxnOffsetCommitResponse;
import dev.asynckafka.internal.util.Loops;
import dev.asynckafka.internal.util.Retry;
import dev.asynckafka.producer.ProducerOptions;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transactional producer's protocol: producer id and epoch from InitProducerId, the {@link
 * TransactionState} machine, partitions and groups added to the transaction, EndTxn. Event loop
 * only.
 *
 * <p>Two protocol paths, chosen per transaction from the coordinator's finalized feature {@code
 * transaction.version} (ApiVersions): <b>classic</b> (below 2): AddPartitionsToTxn before the first
 * Produce to a partition, AddOffsetsToTxn before TxnOffsetCommit, Produce up to v11 and EndTxn up to
 * v4, the epoch kept across transactions; <b>TV2</b> (KIP-890, 2 and above): Produce v12 and
 * TxnOffsetCommit v5 add partitions and the group implicitly, EndTxn v5 bumps the epoch and returns
 * it, and the next transaction uses it.
 *
 * <p>Coordinator requests are retried with backoff until {@code max.block.ms} on coordinator moves
 * (the coordinator is looked up again), {@code COORDINATOR_LOAD_IN_PROGRESS}, {@code
 * CONCURRENT_TRANSACTIONS} and lost connections. Fatal errors (fencing, authorization, an
 * unsupported version, an EndTxn whose outcome stayed unknown) move to {@link
 * TransactionState#FATAL_ERROR}; other failures of a transaction's records or offsets to {@link
 * TransactionState#ABORTABLE_ERROR}.
 */
final class TransactionManager {
    private static final Logger log = LoggerFactory.getLogger(TransactionManager.class);

    static final String TRANSACTION_VERSION_FEATURE = "transaction.version";
    /** Produce v12 tells a TV2 broker to add the partition to the transaction itself (KIP-890). */
    static final short PRODUCE_MAX_VERSION_CLASSIC = 11;

    static final short PRODUCE_MAX_VERSION_TV2 = 12;
    private static final short END_TXN_MAX_VERSION_CLASSIC = 4;
    private static final short END_TXN_MAX_VERSION_TV2 = 5;
    private static final short TXN_OFFSET_COMMIT_MAX_VERSION_CLASSIC = 4;
    private static final short TXN_OFFSET_COMMIT_MAX_VERSION_TV2 = 5;
    /** v4+ is for brokers (batched transactions, verification). */
    private static final short ADD_PARTITIONS_MAX_VERSION = 3;
    /** v4+ batches keys; v3 is enough for one key. */
    private static final short FIND_COORDINATOR_MAX_VERSION = 3;
    /** v6 carries two-phase-commit fields (KIP-939) we do not use. */
    private static final short INIT_PRODUCER_ID_MAX_VERSION = 5;

    private static final java.time.Duration ADD_PARTITIONS_FIRST_BACKOFF = java.time.Duration.ofMillis(20);

    private static final byte KEY_TYPE_GROUP = 0;
    private static final byte KEY_TYPE_TRANSACTION = 1;

    private final EventLoop loop;
    private final ClientContext context;
    private final String transactionalId;
    private final int transactionTimeoutMs;
    private final long operationTimeoutNanos;
    private final Supplier<CompletableFuture<Void>> flusher;
    private final Function<KafkaException, Boolean> abortUnsent;
    private final Runnable wakeSender;
    /**
     * AddPartitionsToTxn right after the previous transaction ended meets {@code
     * CONCURRENT_TRANSACTIONS} until its markers are written, typically a few milliseconds: a short
     * first backoff keeps back-to-back transactions from waiting {@code retry.backoff.ms} each.
     */
    private final Backoff addPartitionsBackoff;

    private TransactionState state = TransactionState.UNINITIALIZED;
    /** The cause of {@link TransactionState#ABORTABLE_ERROR} or {@link TransactionState#FATAL_ERROR}. */
    private @Nullable KafkaException lastError;

    private long producerId = -1;
    private short epoch = -1;
    /** Whether the current (or next) transaction speaks TV2. */
    private boolean tv2;
    /** Classic path: the broker's sequences may not match ours after an abort; bump the epoch. */
    private boolean bumpNeeded;

    /** Partitions the transaction wrote to (classic: added to it). */
    private final Set<TopicPartition> partitions = new LinkedHashSet<>();
    /** Classic path: partitions waiting for AddPartitionsToTxn. */
    private final Set<TopicPartition> pendingAdd = new LinkedHashSet<>();

    private boolean addInFlight;
    private boolean addScheduled;
    /** Groups whose offsets the transaction carries (classic: added with AddOffsetsToTxn). */
    private final Set<String> groups = new LinkedHashSet<>();
    /** AddPartitionsToTxn and sendOffsets operations of this transaction still under way. */
    private final List<CompletableFuture<?>> pendingOps = new ArrayList<>();

    private final Map<String, Node> coordinators = new HashMap<>();

    TransactionManager(
            ClientContext context,
            ProducerOptions options,
            Supplier<CompletableFuture<Void>> flusher,
            Function<KafkaException, Boolean> abortUnsent,
            Runnable wakeSender) {
        this.loop = context.loop();
        this.context = context;
        String id = options.transactionalId();
        if (id == null) {
            throw new IllegalArgumentException("Not a transactional producer");
        }
        this.transactionalId = id;
        this.transactionTimeoutMs = (int) options.transactionTimeout().toMillis();
        this.operationTimeoutNanos = options.maxBlock().toNanos();
        this.flusher = flusher;
        this.abortUnsent = abortUnsent;
        this.wakeSender = wakeSender;
        this.addPartitionsBackoff =
                new Backoff(ADD_PARTITIONS_FIRST_BACKOFF, options.client().retryBackoffMax());
    }

    String transactionalId() {
        return transactionalId;
    }

    TransactionState state() {
        return state;
    }

    long producerId() {
        return producerId;
    }

    short epoch() {
        return epoch;
    }

    /** Whether the current transaction uses the TV2 protocol (KIP-890). */
    boolean isTransactionV2() {
        return tv2;
    }

    short produceMaxVersion() {
        return tv2 ? PRODUCE_MAX_VERSION_TV2 : PRODUCE_MAX_VERSION_CLASSIC;
    }

    private void transitionTo(TransactionState next) {
        if (!state.canTransitionTo(next)) {
            throw new IllegalStateException(
                    "Transactional id " + transactionalId + ": invalid transition " + state + " -> " + next);
        }
        log.debug("Transactional id {}: {} -> {}", transactionalId, state, next);
        state = next;
    }

    // ---- errors

    private void toFatal(KafkaException cause) {
        if (state == TransactionState.FATAL_ERROR) {
            return;
        }
        log.error(
                "Transactional id {}: fatal error in state {}, the producer can no longer use transactions: {}",
                transactionalId,
                state,
                cause.toString());
        lastError = cause;
        transitionTo(TransactionState.FATAL_ERROR);
        // Records waiting to be sent can never be: fail them now rather than at their delivery
        // timeout. Queued, as this may run inside the sender's iteration over the partitions.
        Loops.submit(loop, () -> abortUnsent.apply(cause));
        wakeSender.run();
    }

    private void toAbortable(KafkaException cause) {
        if (state == TransactionState.IN_TRANSACTION || state == TransactionState.COMMITTING) {
            log.warn("Transactional id {}: the transaction must be aborted: {}", transactionalId, cause.toString());
            lastError = cause;
            transitionTo(TransactionState.ABORTABLE_ERROR);
        }
    }

    /** Sorts an error of a transaction's operation into fatal or abortable. */
    private void onError(Throwable error) {
        Throwable cause = Retry.unwrap(error);
        KafkaException ke = cause instanceof KafkaException k ? k : new KafkaException(cause.toString(), cause);
        if (isFatal(ke)) {
            toFatal(ke);
        } else {
            toAbortable(ke);
        }
    }

    private static boolean isFatal(KafkaException e) {
        return e instanceof ProducerFencedException
                || e instanceof TransactionalIdAuthorizationException
                || e instanceof ClusterAuthorizationException
                || e instanceof UnsupportedVersionException
                || e instanceof dev.asynckafka.errors.InvalidTxnStateException
                || e instanceof dev.asynckafka.errors.InvalidPidMappingException
                || e instanceof dev.asynckafka.errors.TransactionCoordinatorFencedException;
    }

    /**
     * A record batch of the transaction failed (after its retries, or expired). Fencing and
     * authorization are fatal; anything else leaves the transaction only to be aborted, and the
     * classic path bumps the epoch after the abort, as the broker may hold sequences we dropped.
     */
    void onBatchFailed(Throwable error) {
        bumpNeeded = true;
        if (state == TransactionState.ABORTING || state == TransactionState.FATAL_ERROR) {
            Throwable cause = Retry.unwrap(error);
            if (cause instanceof ProducerFencedException pf) {
                toFatal(pf);
            }
            return;
        }
        Throwable cause = Retry.unwrap(error);
        if (cause instanceof ProducerFencedException
                || cause instanceof TransactionalIdAuthorizationException
                || cause instanceof ClusterAuthorizationException
                || cause instanceof UnsupportedVersionException) {
            toFatal((KafkaException) cause);
        } else {
            toAbortable(
                    cause instanceof KafkaException ke
                            ? ke
                            : new KafkaException("A record of the transaction failed: " + cause, cause));
        }
    }

    /** The error a call that needs {@code expected} gets in the current state, or null. */
    private @Nullable RuntimeException stateError(String operation, TransactionState expected) {
        if (state == expected) {
            return null;
        }
        KafkaException last = lastError;
        if (state == TransactionState.FATAL_ERROR && last != null) {
            return last;
        }
        if (state == TransactionState.ABORTABLE_ERROR) {
            return new KafkaException(
                    "Cannot " + operation + ": the transaction hit an error and can only be aborted"
                            + " (abortTransaction); cause: " + (last == null ? "unknown" : last.getMessage()),
                    last);
        }
        String hint = switch (state) {
            case UNINITIALIZED, INITIALIZING -> "initTransactions() has not completed";
            case READY -> "no transaction is open (call beginTransaction() first)";
            case IN_TRANSACTION -> "a transaction is already open";
            case COMMITTING -> "the transaction is being committed";
            case ABORTING -> "the transaction is being aborted";
            default -> "the producer is in state " + state;
        };
        return new IllegalStateException("Transactional id " + transactionalId + ": cannot " + operation + ": " + hint);
    }

    /** Null when a record may be sent now, else the error its future fails with. */
    @Nullable
    RuntimeException checkSend() {
        return stateError("send", TransactionState.IN_TRANSACTION);
    }

    /** Whether the sender may send the transaction's batches now. */
    boolean maySend() {
        return state == TransactionState.IN_TRANSACTION || state == TransactionState.COMMITTING;
    }

    // ---- init, begin

    CompletableFuture<Void> initTransactions() {
        Loops.assertInLoop(loop);
        if (state == TransactionState.FATAL_ERROR && lastError != null) {
            return CompletableFuture.failedFuture(lastError);
        }
        if (state != TransactionState.UNINITIALIZED) {
            return CompletableFuture.failedFuture(new IllegalStateException("Transactional id " + transactionalId
                    + ": initTransactions() was already called (state " + state + ")"));
        }
        transitionTo(TransactionState.INITIALIZING);
        return context.start().thenCompose(s -> initProducerId(-1, (short) -1)).handle((r, e) -> {
            if (e == null) {
                producerId = r.producerId();
                epoch = r.producerEpoch();
                tv2 = coordinatorSpeaksTv2();
                transitionTo(TransactionState.READY);
                log.info(
                        "Transactional id {}: producer id {} epoch {}, transaction protocol {}",
                        transactionalId,
                        producerId,
                        epoch,
                        tv2 ? "TV2 (KIP-890)" : "classic");
                return null;
            }
            Throwable cause = Retry.unwrap(e);
            if (cause instanceof TimeoutException || !(cause instanceof KafkaException)) {
                transitionTo(TransactionState.UNINITIALIZED);
            } else {
                toFatal((KafkaException) cause);
            }
            throw new java.util.concurrent.CompletionException(cause);
        });
    }

    CompletableFuture<Void> beginTransaction() {
        Loops.assertInLoop(loop);
        RuntimeException error = stateError("beginTransaction", TransactionState.READY);
        if (error != null) {
            return CompletableFuture.failedFuture(error);
        }
        partitions.clear();
        pendingAdd.clear();
        groups.clear();
        pendingOps.clear();
        tv2 = coordinatorSpeaksTv2();
        transitionTo(TransactionState.IN_TRANSACTION);
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Whether the coordinator announced {@code transaction.version} 2 or higher; keeps the last
     * answer while no connection to it is open.
     */
    private boolean coordinatorSpeaksTv2() {
        Node node = coordinators.get(transactionKey());
        BrokerConnection c = node == null ? null : context.pool().readyConnection(node.id(), TrafficClass.CONTROL);
        ApiVersionTable versions = c == null ? null : c.versions();
        if (versions == null) {
            return tv2;
        }
        return versions.finalizedFeatureLevel(TRANSACTION_VERSION_FEATURE) >= 2;
    }

    // ---- partitions

    /**
     * Whether the sender may send the partition's batches in this transaction. On the classic path,
     * a partition not yet added is queued for AddPartitionsToTxn (coalesced) and the sender is woken
     * when it was added.
     */
    boolean ensureAdded(TopicPartition tp) {
        if (tv2) {
            partitions.add(tp);
            return true;
        }
        if (partitions.contains(tp)) {
            return true;
        }
        if (pendingAdd.add(tp) && !addInFlight && !addScheduled) {
            addScheduled = true;
            Loops.submit(loop, this::sendAddPartitions);
        }
        return false;
    }

    private void sendAddPartitions() {
        addScheduled = false;
        if (addInFlight || pendingAdd.isEmpty() || !maySend()) {
            return;
        }
        List<TopicPartition> adding = new ArrayList<>(pendingAdd);
        pendingAdd.clear();
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        for (TopicPartition tp : adding) {
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        List<AddPartitionsToTxnRequest.AddPartitionsToTxnTopic> topics = new ArrayList<>();
        byTopic.forEach((t, ps) -> topics.add(new AddPartitionsToTxnRequest.AddPartitionsToTxnTopic()
                .setName(t)
                .setPartitions(ps)));
        AddPartitionsToTxnRequest request = new AddPartitionsToTxnRequest()
                .setV3AndBelowTransactionalId(transactionalId)
                .setV3AndBelowProducerId(producerId)
                .setV3AndBelowProducerEpoch(epoch)
                .setV3AndBelowTopics(topics);
        addInFlight = true;
        CompletableFuture<Void> op = toCoordinator(
                        "AddPartitionsToTxn",
                        addPartitionsBackoff,
                        () -> this.<AddPartitionsToTxnResponse>sendTo(
                                        transactionKey(), request, ADD_PARTITIONS_MAX_VERSION)
                                .thenCompose(r -> {
                                    List<ErrorCode> codes = new ArrayList<>();
                                    for (AddPartitionsToTxnResponse.AddPartitionsToTxnTopicResult t :
                                            r.resultsByTopicV3AndBelow()) {
                                        for (AddPartitionsToTxnResponse.AddPartitionsToTxnPartitionResult p :
                                                t.resultsByPartition()) {
                                            codes.add(ErrorCode.forCode(p.partitionErrorCode()));
                                        }
                                    }
                                    return checkCodes(transactionKey(), codes, "AddPartitionsToTxn " + adding);
                                }))
                .whenComplete((v, e) -> {
                    addInFlight = false;
                    if (e == null) {
                        partitions.addAll(adding);
                    } else {
                        onError(e);
                    }
                    wakeSender.run();
                    if (!pendingAdd.isEmpty() && !addScheduled) {
                        addScheduled = true;
                        Loops.submit(loop, this::sendAddPartitions);
                    }
                });
        pendingOps.add(op);
    }

    // ---- offsets

    CompletableFuture<Void> sendOffsetsToTransaction(
            Map<TopicPartition, OffsetAndMetadata> offsets, GroupMetadata group) {
        Loops.assertInLoop(loop);
        RuntimeException error = stateError("sendOffsetsToTransaction", TransactionState.IN_TRANSACTION);
        if (error != null) {
            return CompletableFuture.failedFuture(error);
        }
        if (offsets.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        String groupId = group.groupId();
        boolean addGroup = !tv2 && !groups.contains(groupId);
        groups.add(groupId);
        CompletableFuture<Void> added = addGroup ? addOffsetsToTxn(groupId) : CompletableFuture.completedFuture(null);
        CompletableFuture<Void> op = added.thenCompose(v -> txnOffsetCommit(offsets, group))
                .whenComplete((v, e) -> {
                    if (e != null) {
                        onError(e);
                    }
                });
        pendingOps.add(op);
        return op;
    }

    private CompletableFuture<Void> addOffsetsToTxn(String groupId) {
        AddOffsetsToTxnRequest request = new AddOffsetsToTxnRequest()
                .setTransactionalId(transactionalId)
                .setProducerId(producerId)
                .setProducerEpoch(epoch)
                .setGroupId(groupId);
        return toCoordinator(
                "AddOffsetsToTxn",
                () -> this.<AddOffsetsToTxnResponse>sendTo(transactionKey(), request, Short.MAX_VALUE)
                        .thenCompose(r -> checkCodes(
                                transactionKey(),
                                List.of(ErrorCode.forCode(r.errorCode())),
                                "AddOffsetsToTxn for group " + groupId)));
    }

    private CompletableFuture<Void> txnOffsetCommit(
            Map<TopicPartition, OffsetAndMetadata> offsets, GroupMetadata group) {
        Map<String, List<TxnOffsetCommitRequest.TxnOffsetCommitRequestPartition>> byTopic = new LinkedHashMap<>();
        offsets.forEach((tp, om) -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                .add(new TxnOffsetCommitRequest.TxnOffsetCommitRequestPartition()
                        .setPartitionIndex(tp.partition())
                        .setCommittedOffset(om.offset())
                        .setCommittedLeaderEpoch(om.leaderEpoch())
                        .setCommittedMetadata(om.metadata())));
        List<TxnOffsetCommitRequest.TxnOffsetCommitRequestTopic> topics = new ArrayList<>();
        byTopic.forEach((t, ps) -> topics.add(new TxnOffsetCommitRequest.TxnOffsetCommitRequestTopic()
                .setName(t)
                .setPartitions(ps)));
        String key = groupKey(group.groupId());
        short maxVersion = tv2 ? TXN_OFFSET_COMMIT_MAX_VERSION_TV2 : TXN_OFFSET_COMMIT_MAX_VERSION_CLASSIC;
        return toCoordinator("TxnOffsetCommit", () -> {
            // Built per attempt: the epoch is the producer's at the time of sending.
            TxnOffsetCommitRequest request = new TxnOffsetCommitRequest()
                    .setTransactionalId(transactionalId)
                    .setGroupId(group.groupId())
                    .setProducerId(producerId)
                    .setProducerEpoch(epoch)
                    .setGenerationId(group.generationId())
                    .setMemberId(group.memberId())
                    .setGroupInstanceId(group.groupInstanceId())
                    .setTopics(topics);
            return this.<TxnOffsetCommitResponse>sendTo(key, request, maxVersion)
                    .thenCompose(r -> {
                        List<ErrorCode> codes = new ArrayList<>();
                        for (TxnOffsetCommitResponse.TxnOffsetCommitResponseTopic t : r.topics()) {
                            for (TxnOffsetCommitResponse.TxnOffsetCommitResponsePartition p : t.partitions()) {
                                codes.add(ErrorCode.forCode(p.errorCode()));
                            }
                        }
                        return checkCodes(
                                key,
                                codes,
                                "TxnOffsetCommit for group " + group.groupId() + " generation " + group.generationId()
                                        + " member " + group.memberId());
                    });
        });
    }

    // ---- commit, abort

    CompletableFuture<Void> commitTransaction() {
        Loops.assertInLoop(loop);
        RuntimeException error = stateError("commitTransaction", TransactionState.IN_TRANSACTION);
        if (error != null) {
            return CompletableFuture.failedFuture(error);
        }
        transitionTo(TransactionState.COMMITTING);
        // Every record of the transaction acknowledged (or failed: then the state is abortable).
        return flusher.get().thenCompose(v -> settled(pendingOps)).thenCompose(v -> {
            if (state != TransactionState.COMMITTING) {
                RuntimeException e = stateError("commitTransaction", TransactionState.COMMITTING);
                return CompletableFuture.failedFuture(
                        e != null ? e : new IllegalStateException("Transaction state " + state));
            }
            return endTransaction(true);
        });
    }

    CompletableFuture<Void> abortTransaction() {
        Loops.assertInLoop(loop);
        if (state != TransactionState.ABORTABLE_ERROR) {
            RuntimeException error = stateError("abortTransaction", TransactionState.IN_TRANSACTION);
            if (error != null) {
                return CompletableFuture.failedFuture(error);
            }
        }
        transitionTo(TransactionState.ABORTING);
        if (abortUnsent.apply(new KafkaException("The record was not sent: its transaction was aborted"))) {
            bumpNeeded = true;
        }
        // Batches in flight are answered (or time out) before EndTxn: nothing of the transaction may
        // reach a partition after its abort marker.
        return flusher.get().thenCompose(v -> settled(pendingOps)).thenCompose(v -> {
            if (state == TransactionState.FATAL_ERROR) {
                return CompletableFuture.failedFuture(lastError);
            }
            return endTransaction(false);
        });
    }

    /** Whether there is an open transaction that {@link #abortTransaction()} may end (close). */
    boolean hasOpenTransaction() {
        return state == TransactionState.IN_TRANSACTION || state == TransactionState.ABORTABLE_ERROR;
    }

    private CompletableFuture<Void> endTransaction(boolean commit) {
        String what = commit ? "commit" : "abort";
        CompletableFuture<Void> ended;
        if (partitions.isEmpty() && groups.isEmpty()) {
            // Nothing reached the coordinator: there is no transaction on the broker to end.
            ended = CompletableFuture.completedFuture(null);
        } else {
            short maxVersion = tv2 ? END_TXN_MAX_VERSION_TV2 : END_TXN_MAX_VERSION_CLASSIC;
            EndTxnRequest request = new EndTxnRequest()
                    .setTransactionalId(transactionalId)
                    .setProducerId(producerId)
                    .setProducerEpoch(epoch)
                    .setCommitted(commit);
            ended = toCoordinator(
                            "EndTxn (" + what + ")",
                            () -> this.<EndTxnResponse>sendTo(transactionKey(), request, maxVersion)
                                    .thenCompose(r -> checkCodes(
                                                    transactionKey(),
                                                    List.of(ErrorCode.forCode(r.errorCode())),
                                                    "EndTxn (" + what + ")")
                                            .thenApply(v -> r)))
                    .thenAccept(r -> {
                        if (tv2 && r.producerId() >= 0 && r.producerEpoch() >= 0) {
                            // KIP-890: the coordinator bumped the epoch; the next transaction uses it.
                            producerId = r.producerId();
                            epoch = r.producerEpoch();
                        }
                    });
        }
        return ended.thenCompose(v -> {
                    if (!commit && !tv2 && bumpNeeded) {
                        // KIP-360: a new epoch of the same producer id, so that partitions whose
                        // sequences we gave up restart at 0.
                        return initProducerId(producerId, epoch).thenAccept(r -> {
                            log.info(
                                    "Transactional id {}: epoch bumped to {} after the abort",
                                    transactionalId,
                                    r.producerEpoch());
                            producerId = r.producerId();
                            epoch = r.producerEpoch();
                        });
                    }
                    return CompletableFuture.<Void>completedFuture(null);
                })
                .handle((v, e) -> {
                    if (e == null) {
                        bumpNeeded = false;
                        transitionTo(TransactionState.READY);
                        wakeSender.run();
                        return null;
                    }
                    Throwable cause = Retry.unwrap(e);
                    if (commit
                            && cause instanceof dev.asynckafka.errors.TransactionAbortableException ta
                            && state == TransactionState.COMMITTING) {
                        toAbortable(ta);
                    } else if (cause instanceof TimeoutException te) {
                        toFatal(new TimeoutException(
                                "Transactional id " + transactionalId + ": the outcome of the " + what
                                        + " is unknown (EndTxn did not succeed within max.block.ms); create a"
                                        + " new producer with the same transactional.id to finish it",
                                te));
                    } else if (cause instanceof KafkaException ke) {
                        toFatal(ke);
                    } else {
                        toFatal(new KafkaException("EndTxn failed: " + cause, cause));
                    }
                    throw new java.util.concurrent.CompletionException(cause);
                });
    }

    private CompletableFuture<InitProducerIdResponse> initProducerId(long currentId, short currentEpoch) {
        InitProducerIdRequest request = new InitProducerIdRequest()
                .setTransactionalId(transactionalId)
                .setTransactionTimeoutMs(transactionTimeoutMs)
                .setProducerId(currentId)
                .setProducerEpoch(currentEpoch);
        return toCoordinator(
                "InitProducerId",
                () -> this.<InitProducerIdResponse>sendTo(transactionKey(), request, INIT_PRODUCER_ID_MAX_VERSION)
                        .thenCompose(r -> checkCodes(
                                        transactionKey(), List.of(ErrorCode.forCode(r.errorCode())), "InitProducerId")
                                .thenApply(v -> r)));
    }

    // ---- coordinator plumbing

    private String transactionKey() {
        return "t:" + transactionalId;
    }

    private static String groupKey(String groupId) {
        return "g:" + groupId;
    }

    /** Retries {@code attempt} with backoff on retriable errors until {@code max.block.ms}. */
    private <T> CompletableFuture<T> toCoordinator(String what, Supplier<CompletableFuture<T>> attempt) {
        return toCoordinator(what, context.retryBackoff(), attempt);
    }

    private <T> CompletableFuture<T> toCoordinator(
            String what, Backoff backoff, Supplier<CompletableFuture<T>> attempt) {
        return Retry.withBackoff(
                loop, backoff, operationTimeoutNanos, "Transactional id " + transactionalId + ": " + what, attempt);
    }

    /**
     * Fails with the most telling error among the codes (fencing before coordinator moves before
     * the rest); forgets the coordinator when it moved. {@code INVALID_PRODUCER_EPOCH} from a
     * coordinator means another producer with our transactional id took over: fenced.
     */
    private CompletableFuture<Void> checkCodes(String key, List<ErrorCode> codes, String what) {
        ErrorCode worst = ErrorCode.NONE;
        for (ErrorCode c : codes) {
            if (c == ErrorCode.NONE || c == ErrorCode.OPERATION_NOT_ATTEMPTED) {
                continue;
            }
            if (worst == ErrorCode.NONE || (worst.isRetriable() && !c.isRetriable())) {
                worst = c;
            }
        }
        if (worst == ErrorCode.NONE) {
            return CompletableFuture.completedFuture(null);
        }
        if (worst == ErrorCode.NOT_COORDINATOR || worst == ErrorCode.COORDINATOR_NOT_AVAILABLE) {
            Node old = coordinators.remove(key);
            log.info("Transactional id {}: coordinator {} moved ({}); finding it again", transactionalId, old, worst);
        }
        String context = "Transactional id " + transactionalId + ": " + what;
        if (worst == ErrorCode.INVALID_PRODUCER_EPOCH || worst == ErrorCode.PRODUCER_FENCED) {
            return CompletableFuture.failedFuture(new ProducerFencedException(context
                    + ": fenced, another producer with the same transactional.id has a newer epoch (" + worst
                    + ")"));
        }
        return CompletableFuture.failedFuture(worst.exception(context));
    }

    private <R extends ApiMessage> CompletableFuture<R> sendTo(String key, ApiMessage request, short maxVersion) {
        return coordinator(key)
                .thenCompose(node -> context.pool()
                        .<R>send(node, TrafficClass.CONTROL, request, maxVersion)
                        .whenComplete((r, e) -> {
                            if (e != null
                                    && Retry.unwrap(e) instanceof KafkaException ke
                                    && ke.isRetriable()
                                    && coordinators.remove(key, node)) {
                                log.info(
                                        "Coordinator {} of {} unreachable ({}); finding it again",
                                        node,
                                        key.substring(2),
                                        ke.toString());
                            }
                        }));
    }

    private CompletableFuture<Node> coordinator(String key) {
        Node known = coordinators.get(key);
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        boolean txn = key.startsWith("t:");
        FindCoordinatorRequest request = new FindCoordinatorRequest()
                .setKey(key.substring(2))
                .setKeyType(txn ? KEY_TYPE_TRANSACTION : KEY_TYPE_GROUP);
        List<Node> brokers = context.metadata().snapshot().brokerList();
        if (brokers.isEmpty()) {
            return context.metadata()
                    .refresh()
                    .thenCompose(s -> CompletableFuture.failedFuture(
                            new CoordinatorNotAvailableException("No broker known yet to ask for the coordinator")));
        }
        Node any = brokers.get(ThreadLocalRandom.current().nextInt(brokers.size()));
        return context.pool()
                .<FindCoordinatorResponse>send(any, TrafficClass.CONTROL, request, FIND_COORDINATOR_MAX_VERSION)
                .thenCompose(r -> {
                    ErrorCode code = ErrorCode.forCode(r.errorCode());
                    if (code != ErrorCode.NONE) {
                        return CompletableFuture.failedFuture(
                                code.exception("Finding the coordinator of " + key.substring(2), r.errorMessage()));
                    }
                    Node node = new Node(r.nodeId(), r.host(), r.port(), null);
                    coordinators.put(key, node);
                    log.debug("Coordinator of {} is {}", key, node);
                    return CompletableFuture.completedFuture(node);
                });
    }

    /** Completes when every future has completed, whatever the outcome. */
    private static CompletableFuture<Void> settled(List<CompletableFuture<?>> futures) {
        CompletableFuture<?>[] all =
                futures.stream().map(f -> f.handle((v, e) -> null)).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(all);
    }
}
