package dev.asynckafka.consumer.internal.group;

import dev.asynckafka.common.Node;
import dev.asynckafka.errors.CoordinatorNotAvailableException;
import dev.asynckafka.errors.DisconnectException;
import dev.asynckafka.errors.ErrorCode;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.errors.NotCoordinatorException;
import dev.asynckafka.internal.ClientContext;
import dev.asynckafka.internal.network.TrafficClass;
import dev.asynckafka.internal.protocol.ApiMessage;
import dev.asynckafka.internal.protocol.message.FindCoordinatorRequest;
import dev.asynckafka.internal.protocol.message.FindCoordinatorResponse;
import dev.asynckafka.internal.util.Retry;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group's coordinator broker: found with FindCoordinator (retried with backoff while the
 * coordinator is not available), cached, and forgotten when a request to it fails with {@code
 * NOT_COORDINATOR}, {@code COORDINATOR_NOT_AVAILABLE} or a lost connection, so the next request
 * finds it again. Requests go over the GROUP connection, so heartbeats never queue behind fetches.
 * Event loop only.
 */
final class CoordinatorLink {
    private static final Logger log = LoggerFactory.getLogger(CoordinatorLink.class);
    /** v4+ batches keys; v3 is enough for one group. */
    private static final short FIND_COORDINATOR_MAX_VERSION = 3;

    private final ClientContext context;
    private final String groupId;
    private final long lookupTimeoutNanos;
    private @Nullable Node coordinator;
    private @Nullable CompletableFuture<Node> lookup;

    CoordinatorLink(ClientContext context, String groupId, long lookupTimeoutNanos) {
        this.context = context;
        this.groupId = groupId;
        this.lookupTimeoutNanos = lookupTimeoutNanos;
    }

    /** The coordinator, looking it up if unknown; concurrent callers share one lookup. */
    CompletableFuture<Node> coordinator() {
        Node known = coordinator;
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        CompletableFuture<Node> pending = lookup;
        if (pending != null) {
            return pending;
        }
        CompletableFuture<Node> f = context.start()
                .thenCompose(s -> Retry.withBackoff(
                        context.loop(),
                        context.retryBackoff(),
                        lookupTimeoutNanos,
                        "Finding the coordinator of group " + groupId,
                        this::findOnce));
        lookup = f;
        f.whenComplete((node, e) -> {
            lookup = null;
            if (node != null) {
                coordinator = node;
                log.info("Group {}: coordinator is {}", groupId, node);
            }
        });
        return f;
    }

    private CompletableFuture<Node> findOnce() {
        FindCoordinatorRequest request =
                new FindCoordinatorRequest().setKey(groupId).setKeyType((byte) 0);
        List<Node> brokers = context.metadata().snapshot().brokerList();
        CompletableFuture<FindCoordinatorResponse> response = brokers.isEmpty()
                ? context.metadata()
                        .refresh()
                        .thenCompose(s -> CompletableFuture.failedFuture(
                                new CoordinatorNotAvailableException("No broker known yet to ask for the coordinator")))
                : context.pool()
                        .send(
                                brokers.get(ThreadLocalRandom.current().nextInt(brokers.size())),
                                TrafficClass.CONTROL,
                                request,
                                FIND_COORDINATOR_MAX_VERSION);
        return response.thenCompose(r -> {
            ErrorCode code = ErrorCode.forCode(r.errorCode());
            if (code != ErrorCode.NONE) {
                return CompletableFuture.failedFuture(
                        code.exception("finding the coordinator of group " + groupId, r.errorMessage()));
            }
            return CompletableFuture.completedFuture(new Node(r.nodeId(), r.host(), r.port(), null));
        });
    }

    /** Forgets the coordinator; the next request looks it up again. */
    void markUnknown(String reason) {
        if (coordinator != null) {
            log.info("Group {}: coordinator {} unavailable ({}); finding it again", groupId, coordinator, reason);
            coordinator = null;
        }
    }

    boolean isKnown() {
        return coordinator != null;
    }

    /**
     * Sends a request to the coordinator. A failure to reach it, or a response error saying it is
     * not the coordinator (checked by the caller through {@link #checkCoordinatorError}), forgets it.
     */
    <R extends ApiMessage> CompletableFuture<R> send(ApiMessage request, short maxVersion) {
        return coordinator()
                .thenCompose(node -> context.pool()
                        .<R>send(node, TrafficClass.GROUP, request, maxVersion)
                        .whenComplete((r, e) -> {
                            if (e != null && Retry.unwrap(e) instanceof KafkaException ke && isConnectionError(ke)) {
                                markUnknown(ke.getMessage() == null ? ke.toString() : ke.getMessage());
                            }
                        }));
    }

    /**
     * Like {@link #send}, for the requests the coordinator parks (JoinGroup, SyncGroup), with a
     * timeout of their own, on a connection of their own so that heartbeats and commits never queue
     * behind them.
     */
    <R extends ApiMessage> CompletableFuture<R> send(ApiMessage request, short maxVersion, long timeoutNanos) {
        return coordinator().thenCompose(node -> {
            CompletableFuture<R> f;
            try {
                f = context.pool()
                        .connection(node, TrafficClass.GROUP_JOIN)
                        .send(request, maxVersion, true, timeoutNanos);
            } catch (KafkaException e) {
                f = CompletableFuture.failedFuture(e);
            }
            return f.whenComplete((r, e) -> {
                if (e != null && Retry.unwrap(e) instanceof KafkaException ke && isConnectionError(ke)) {
                    markUnknown(ke.getMessage() == null ? ke.toString() : ke.getMessage());
                }
            });
        });
    }

    private static boolean isConnectionError(KafkaException e) {
        return e instanceof DisconnectException
                || e instanceof dev.asynckafka.errors.NetworkException
                || e instanceof dev.asynckafka.errors.TimeoutException;
    }

    /** Forgets the coordinator if the error code says it moved or is unavailable; returns whether it did. */
    boolean checkCoordinatorError(ErrorCode code) {
        if (code == ErrorCode.NOT_COORDINATOR || code == ErrorCode.COORDINATOR_NOT_AVAILABLE) {
            markUnknown(code.name());
            return true;
        }
        return false;
    }

    /** Whether the exception means "find the coordinator again and retry". */
    static boolean isCoordinatorError(Throwable e) {
        return e instanceof NotCoordinatorException || e instanceof CoordinatorNotAvailableException;
    }
}
