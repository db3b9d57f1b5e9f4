package dev.asynckafka;

import dev.asynckafka.internal.ResourcesAccess;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The heavyweight, shareable part of a client: the Netty event loops that run connections and
 * client state machines.
 *
 * <p>Many clients may share one instance; each client binds itself to one event loop of the group
 * for its whole life, so its state needs no locks. A client created without explicit resources
 * creates its own and shuts them down when it closes; resources passed in are never shut down by a
 * client, only by {@link #shutdown(Duration)}.
 */
public final class ClientResources {
    /** Default number of event loop threads: the number of available processors. */
    public static final int DEFAULT_IO_THREADS =
            Math.max(1, Runtime.getRuntime().availableProcessors());

    private final EventLoopGroup eventLoopGroup;
    private final AtomicBoolean shutdown = new AtomicBoolean();

    private ClientResources(int ioThreads) {
        this.eventLoopGroup = new MultiThreadIoEventLoopGroup(
                ioThreads, new DefaultThreadFactory("async-kafka-io", true), NioIoHandler.newFactory());
    }

    /** Resources with {@link #DEFAULT_IO_THREADS} event loop threads (daemon threads). */
    public static ClientResources create() {
        return new ClientResources(DEFAULT_IO_THREADS);
    }

    /** Resources with the given number of event loop threads (daemon threads). */
    public static ClientResources create(int ioThreads) {
        if (ioThreads < 1) {
            throw new IllegalArgumentException("ioThreads must be at least 1, was " + ioThreads);
        }
        return new ClientResources(ioThreads);
    }

    static {
        ResourcesAccess.register(r -> r.eventLoopGroup.next());
    }

    /** Whether every event loop has terminated after {@link #shutdown(Duration)}. */
    public boolean isTerminated() {
        return eventLoopGroup.isTerminated();
    }

    /**
     * Shuts the event loops down after a quiet period; tasks already queued still run.
     *
     * @return completes, on a thread of the group, once every loop has terminated
     */
    public CompletableFuture<Void> shutdown(Duration timeout) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (shutdown.compareAndSet(false, true)) {
            eventLoopGroup
                    .shutdownGracefully(0, Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)
                    .addListener(f -> {
                        if (f.isSuccess()) {
                            done.complete(null);
                        } else {
                            done.completeExceptionally(f.cause());
                        }
                    });
        } else {
            eventLoopGroup.terminationFuture().addListener(f -> done.complete(null));
        }
        return done;
    }

    /** Whether {@link #shutdown(Duration)} was called. */
    public boolean isShutdown() {
        return shutdown.get();
    }
}
