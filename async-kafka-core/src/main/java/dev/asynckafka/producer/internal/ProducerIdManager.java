package dev.asynckafka.producer.internal;

import dev.asynckafka.errors.AuthorizationException;
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
 * The idempotent producer's identity: producer id and epoch from InitProducerId, and epoch bumps
 * (KIP-360) that let sequences restart at 0 after the broker lost or rejected this producer's
 * sequence state. Event loop only.
 */
final class ProducerIdManager {
    private static final Logger log = LoggerFactory.getLogger(ProducerIdManager.class);

    /** Ignored for a producer without transactional id; kafka-clients' default. */
    private static final int TRANSACTION_TIMEOUT_MS = 60_000;

    private final EventLoop loop;
    private final MetadataManager metadata;
    private final Backoff backoff;
    private final long attemptTimeoutNanos;
    private long producerId = -1;
    private short epoch = -1;
    private boolean requesting;
    private boolean bumpRequested;
    private @Nullable KafkaException fatal;

    ProducerIdManager(EventLoop loop, MetadataManager metadata, Backoff backoff, long attemptTimeoutNanos) {
        this.loop = loop;
        this.metadata = metadata;
        this.backoff = backoff;
        this.attemptTimeoutNanos = attemptTimeoutNanos;
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

    boolean bumpRequested() {
        return bumpRequested;
    }

    boolean isRequesting() {
        return requesting;
    }

    /** A non-retriable InitProducerId failure (authorization): the producer cannot send. */
    @Nullable
    KafkaException fatalError() {
        return fatal;
    }

    /** Asks for an epoch bump before the next batch is sent. */
    void requestBump(String reason) {
        if (!bumpRequested) {
            log.info("Bumping the epoch of producer id {} (epoch {}): {}", producerId, epoch, reason);
        }
        bumpRequested = true;
    }

    /**
     * Gets a producer id (or, with one already and a bump requested, the next epoch), then runs
     * {@code done} on the loop: also after a failure, which the caller sees as no progress.
     */
    void acquire(Runnable done) {
        if (requesting) {
            return;
        }
        requesting = true;
        boolean bump = hasProducerId() && bumpRequested;
        Retry.<InitProducerIdResponse>withBackoff(loop, backoff, attemptTimeoutNanos, "InitProducerId", () -> {
                    InitProducerIdRequest request = new InitProducerIdRequest()
                            .setTransactionalId(null)
                            .setTransactionTimeoutMs(TRANSACTION_TIMEOUT_MS);
                    if (bump) {
                        request.setProducerId(producerId).setProducerEpoch(epoch);
                    }
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
                        bumpRequested = false;
                    } else {
                        Throwable cause = Retry.unwrap(e);
                        if (bump
                                && !(cause instanceof AuthorizationException)
                                && cause instanceof KafkaException ke
                                && !ke.isRetriable()) {
                            // The broker refused the bump: start over with a new producer id.
                            producerId = -1;
                            epoch = -1;
                        } else if (cause instanceof KafkaException ke && !ke.isRetriable()) {
                            fatal = ke;
                        }
                        log.warn("InitProducerId failed: {}", cause.toString());
                    }
                    done.run();
                });
    }
}
