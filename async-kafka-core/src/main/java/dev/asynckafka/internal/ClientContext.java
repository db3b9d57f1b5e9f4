package dev.asynckafka.internal;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.ClientResources;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.internal.cluster.ClusterSnapshot;
import dev.asynckafka.internal.cluster.MetadataManager;
import dev.asynckafka.internal.network.Backoff;
import dev.asynckafka.internal.network.ConnectionPool;
import dev.asynckafka.internal.network.Transport;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * What every client (admin, producer, consumer) is built on: its event loop, connection pool and
 * metadata manager, and whether it owns its {@link ClientResources}.
 *
 * <p>The client's state lives on {@link #loop()}. Starting is lazy and idempotent: the first
 * operation starts the metadata bootstrap, later ones share it.
 */
public final class ClientContext {
    private final ClientOptions options;
    private final @Nullable ClientResources resources;
    private final boolean ownsResources;
    private final EventLoop loop;
    private final ConnectionPool pool;
    private final MetadataManager metadata;
    private final Backoff retryBackoff;
    private final AtomicReference<@Nullable CompletableFuture<ClusterSnapshot>> started = new AtomicReference<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();

    public ClientContext(ClientOptions options, @Nullable ClientResources shared, boolean allowAutoTopicCreation) {
        this(options, shared == null ? ClientResources.create(1) : shared, shared == null, allowAutoTopicCreation);
    }

    private ClientContext(
            ClientOptions options, ClientResources resources, boolean ownsResources, boolean allowAutoTopicCreation) {
        this(
                options,
                resources,
                ownsResources,
                ResourcesAccess.nextEventLoop(resources),
                Transport.SOCKETS,
                allowAutoTopicCreation);
    }

    /**
     * A context on a given event loop whose connections use the given transport, owning no
     * resources: for unit tests that run a client on an embedded loop with a mock ticker.
     */
    public ClientContext(ClientOptions options, EventLoop loop, Transport transport, boolean allowAutoTopicCreation) {
        this(options, null, false, loop, transport, allowAutoTopicCreation);
    }

    private ClientContext(
            ClientOptions options,
            @Nullable ClientResources resources,
            boolean ownsResources,
            EventLoop loop,
            Transport transport,
            boolean allowAutoTopicCreation) {
        this.options = options;
        this.resources = resources;
        this.ownsResources = ownsResources;
        this.loop = loop;
        this.pool = new ConnectionPool(loop, options, transport);
        this.metadata = new MetadataManager(loop, options, pool, allowAutoTopicCreation);
        this.retryBackoff = new Backoff(options.retryBackoff(), options.retryBackoffMax());
    }

    public ClientOptions options() {
        return options;
    }

    public EventLoop loop() {
        return loop;
    }

    public ConnectionPool pool() {
        return pool;
    }

    public MetadataManager metadata() {
        return metadata;
    }

    /**
     * The client's monotonic clock in nanoseconds: the event loop's {@link
     * io.netty.util.concurrent.Ticker}, so that time reads and the loop's timers agree (unit tests
     * run the client on an embedded loop with a mock ticker and drive time virtually). Only
     * differences between two reads mean anything. Any thread.
     */
    public long nanoTime() {
        return loop.ticker().nanoTime();
    }

    public Backoff retryBackoff() {
        return retryBackoff;
    }

    /** Starts the metadata bootstrap once; every caller gets the first snapshot. */
    public CompletableFuture<ClusterSnapshot> start() {
        CompletableFuture<ClusterSnapshot> f = started.get();
        if (f != null) {
            return f;
        }
        CompletableFuture<ClusterSnapshot> mine = new CompletableFuture<>();
        if (!started.compareAndSet(null, mine)) {
            return started.get();
        }
        if (closed.get()) {
            mine.completeExceptionally(new KafkaException("The client is closed"));
            return mine;
        }
        metadata.start().whenComplete((s, e) -> {
            if (e != null) {
                // Let a later call try the bootstrap again rather than caching the failure forever.
                started.compareAndSet(mine, null);
                mine.completeExceptionally(e);
            } else {
                mine.complete(s);
            }
        });
        return mine;
    }

    /** Whether {@link #close(Duration)} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Closes connections (failing unanswered requests) and, if owned, the event loops.
     *
     * @return completes when closed; later calls return the first call's future
     */
    public CompletableFuture<Void> close(Duration timeout) {
        if (!closed.compareAndSet(false, true)) {
            return closeFuture;
        }
        metadata.close();
        pool.close(new KafkaException("The client was closed"));
        ClientResources resources = this.resources;
        if (!ownsResources || resources == null) {
            closeFuture.complete(null);
        } else {
            resources.shutdown(timeout).whenComplete((v, e) -> {
                if (e != null) {
                    closeFuture.completeExceptionally(e);
                } else {
                    closeFuture.complete(null);
                }
            });
        }
        return closeFuture;
    }
}
