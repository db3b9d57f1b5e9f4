package dev.asynckafka.producer.internal;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.errors.ErrorCode;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.internal.cluster.MetadataManager;
import dev.asynckafka.internal.network.Backoff;
import dev.asynckafka.internal.protocol.message.InitProducerIdRequest;
import dev.asynckafka.internal.protocol.message.InitProducerIdResponse;
import dev.asynckafka.internal.util.Retry;
import io.netty.channel.EventLoop;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The idempotent producer's identity: the producer id from InitProducerId, and the epochs handed
 * to partitions whose sequences must restart (KIP-360). Event loop only.
 *
 * <p>An epoch bump keeps the producer id and is done on the client, per partition, as kafka-clients
 * does for a producer without transactional id: a broker answers InitProducerId without
 * transactional id with a new producer id whatever id and epoch it is sent, and a new producer id
 * would not fence batches of the old one still on their way (they would land after the new
 * id's records). A broker accepts a higher epoch of a known producer id at sequence 0 on a
 * partition, and from then on rejects that partition's batches of lower epochs ({@code
 * INVALID_PRODUCER_EPOCH}). The epoch counter is shared by all partitions so that a partition
 * moved to a new epoch never reuses one it had before; partitions that need no reset keep their
 * epoch and sequences. Only when the epoch is exhausted is a new producer id requested.
 */
final class ProducerIdManager {
    private static final Logger log = LoggerFactory.getLogger(ProducerIdManager.class);

    /** Ignored for a producer without transactional id; kafka-clients' default. */
    private static final int TRANSACTION_TIMEOUT_MS = 60_000;

    private final EventLoop loop;
    private final MetadataManager metadata;
    private final Backoff backoff;
    private final long attemptTimeoutNanos;
    private final LogLimiter bumpLog;
    private long producerId = -1;
    /** The highest epoch handed out under {@link #producerId}. */
    private short epoch = -1;

    private boolean requesting;
    /** The producer is closing: an InitProducerId failing because of that is not news. */
    private boolean closed;

    private @Nullable KafkaException fatal;

    ProducerIdManager(
            EventLoop loop, MetadataManager metadata, Backoff backoff, long attemptTimeoutNanos, LogLimiter bumpLog) {
        this.loop = loop;
        this.metadata = metadata;
        this.backoff = backoff;
        this.attemptTimeoutNanos = attemptTimeoutNanos;
        this.bumpLog = bumpLog;
    }

    long producerId() {
        return producerId;
    }

    short epoch() {
        return epoch;
    }

    boolean hasProducerId() {
        return producerId >= 0;
    }

    boolean isRequesting() {
        return requesting;
    }

    /** A non-retriable InitProducerId failure (authorization): the producer cannot send. */
    @Nullable
    KafkaException fatalError() {
        return fatal;
    }

    /**
     * The next epoch of the current producer id for a partition whose sequences must restart, or -1
     * when the epoch is exhausted: then the producer id is dropped and {@link #acquire} must get a
     * new one first.
     */
    short bumpEpoch(TopicPartition partition, String reason) {
        if (epoch == Short.MAX_VALUE) {
            log.warn(
                    "Producer id {} exhausted its epochs; requesting a new producer id (for {}: {})",
                    producerId,
                    partition,
                    reason);
            producerId = -1;
            epoch = -1;
            return -1;
        }
        epoch++;
        if (bumpLog.tryAcquire(partition)) {
            int suppressed = bumpLog.takeSuppressed(partition);
            log.warn(
                    "Bumping the epoch of producer id {} to {} for {}: {}; its sequences restart at 0 and the broker"
                            + " rejects batches of earlier epochs still on their way{}",
                    producerId,
                    epoch,
                    partition,
                    reason,
                    suppressed == 0 ? "" : " (" + suppressed + " earlier bump(s) of it not logged)");
        }
        return epoch;
    }

    /** The producer is closing; event loop. */
    void close() {
        closed = true;
    }

    /**
     * Gets a producer id at epoch 0, then runs {@code done} on the loop: also after a failure, which
     * the caller sees as no progress.
     */
    void acquire(Runnable done) {
        if (requesting) {
            return;
        }
        requesting = true;
        Retry.<InitProducerIdResponse>withBackoff(loop, backoff, attemptTimeoutNanos, "InitProducerId", () -> {
                    InitProducerIdRequest request = new InitProducerIdRequest()
                            .setTransactionalId(null)
                            .setTransactionTimeoutMs(TRANSACTION_TIMEOUT_MS);
                    return metadata.<InitProducerIdResponse>sendToAnyBroker(request)
                            .thenCompose(r -> {
                                ErrorCode error = ErrorCode.forCode(r.errorCode());
                                return error == ErrorCode.NONE
                                        ? CompletableFuture.completedFuture(r)
                                        : CompletableFuture.failedFuture(error.exception("InitProducerId"));
                            });
                })
                .whenComplete((r, e) -> {
                    requesting = false;
                    if (e == null) {
                        log.debug("Producer id {} epoch {}", r.producerId(), r.producerEpoch());
                        producerId = r.producerId();
                        epoch = r.producerEpoch();
                    } else {
                        Throwable cause = Retry.unwrap(e);
                        if (cause instanceof KafkaException ke && !ke.isRetriable()) {
                            fatal = ke;
                        }
                        if (closed) {
                            log.debug("InitProducerId failed while closing: {}", cause.toString());
                        } else {
                            log.warn("InitProducerId failed: {}", cause.toString());
                        }
                    }
                    done.run();
                });
    }
}
