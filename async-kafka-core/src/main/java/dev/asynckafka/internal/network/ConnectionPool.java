package dev.asynckafka.internal.network;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.common.Node;
import dev.asynckafka.errors.AuthenticationException;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.internal.protocol.ApiMessage;
import dev.asynckafka.internal.util.Loops;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The connections of one client: at most one per broker per {@link TrafficClass}, opened on demand
 * and reopened after failures with exponential backoff and jitter ({@code reconnect.backoff.ms} up
 * to {@code reconnect.backoff.max.ms}). A connection that closed cleanly (idle) reopens without
 * delay.
 *
 * <p>A connection that fails to authenticate (TLS handshake or SASL) is remembered until one
 * authenticates again: clients ask {@link #authenticationFailure()} to fail fast with that final
 * error instead of waiting for their timeouts, and hear of each such failure through {@link
 * #onAuthenticationFailure}.
 *
 * <p>Failed connection attempts are logged by {@link ConnectionFailures}: at WARN when an address
 * first fails, then at a bounded rate.
 *
 * <p>Threading: owned by the client's event loop; {@link #send} may be called from any thread.
 */
public final class ConnectionPool {
    private final EventLoop loop;
    private final ClientOptions options;
    private final HostResolver resolver;
    private final Backoff backoff;
    private final ConnectionSecurity security;
    private final Transport transport;
    private final ConnectionFailures failures;
    private final Map<Key, Slot> slots = new HashMap<>();
    private final AtomicLongArray reauthentications = new AtomicLongArray(TrafficClass.values().length);
    private final List<Consumer<AuthenticationException>> authenticationListeners = new CopyOnWriteArrayList<>();
    private @Nullable AuthenticationException authenticationFailure;
    private boolean closed;

    public ConnectionPool(EventLoop loop, ClientOptions options) {
        this(loop, options, Transport.SOCKETS);
    }

    /** A pool whose connections go over the given transport (in-memory channels in unit tests). */
    public ConnectionPool(EventLoop loop, ClientOptions options, Transport transport) {
        this.loop = loop;
        this.options = options;
        this.transport = transport;
        this.resolver = transport.newResolver(loop);
        this.backoff = new Backoff(options.reconnectBackoff(), options.reconnectBackoffMax());
        this.security = ConnectionSecurity.of(options);
        this.failures = new ConnectionFailures(options.clientId());
    }

    /** The event loop that owns this pool and its connections. */
    public EventLoop eventLoop() {
        return loop;
    }

    /**
     * Sends a request to a broker on the connection for the given traffic class, opening it if
     * needed. The future completes on the pool's event loop.
     */
    public <R extends ApiMessage> CompletableFuture<R> send(Node node, TrafficClass traffic, ApiMessage request) {
        return send(node, traffic, request, Short.MAX_VALUE);
    }

    /** Like {@link #send(Node, TrafficClass, ApiMessage)}, at most at {@code maxVersion}. */
    public <R extends ApiMessage> CompletableFuture<R> send(
            Node node, TrafficClass traffic, ApiMessage request, short maxVersion) {
        return Loops.call(loop, () -> sendOnLoop(node, traffic, request, maxVersion));
    }

    private <R extends ApiMessage> CompletableFuture<R> sendOnLoop(
            Node node, TrafficClass traffic, ApiMessage request, short maxVersion) {
        try {
            return connection(node, traffic).send(request, maxVersion, true);
        } catch (KafkaException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * The connection for a broker and traffic class, opening one (after any backoff still due) if
     * there is none. Event loop only.
     */
    public BrokerConnection connection(Node node, TrafficClass traffic) {
        Loops.assertInLoop(loop);
        if (closed) {
            throw new KafkaException("The client is closed");
        }
        Key key = new Key(node.id(), traffic);
        Slot slot = slots.computeIfAbsent(key, k -> new Slot());
        BrokerConnection current = slot.connection;
        if (current != null && !current.isClosed() && current.node().equals(node)) {
            return current;
        }
        if (current != null && !current.isClosed()) {
            // The broker moved to a new address: the old connection is useless.
            current.close(new KafkaException(node + " changed its address"));
        }
        long delay = Math.max(0, slot.notBefore - loop.ticker().nanoTime());
        BrokerConnection connection = BrokerConnection.open(loop, options, node, resolver, security, transport, delay);
        slot.connection = connection;
        connection.onReauthenticated(() -> reauthentications.incrementAndGet(traffic.ordinal()));
        connection.ready().whenComplete((c, e) -> {
            if (e == null) {
                slot.failures = 0;
                authenticationFailure = null;
                failures.succeeded(node.address(), loop.ticker().nanoTime());
            }
        });
        connection.closeFuture().whenComplete((cause, e) -> {
            if (cause instanceof AuthenticationException auth) {
                authenticationFailure = auth;
                for (Consumer<AuthenticationException> listener : authenticationListeners) {
                    listener.accept(auth);
                }
            }
            if (slot.connection == connection) {
                slot.connection = null;
            }
            boolean wasReady = connection.versions() != null;
            if (cause != null && !wasReady) {
                if (!closed) {
                    failures.failed(
                            node.address(),
                            String.valueOf(cause.getMessage()),
                            loop.ticker().nanoTime());
                }
                slot.failures++;
                slot.notBefore = loop.ticker().nanoTime() + backoff.delayNanos(slot.failures);
            } else {
                slot.notBefore = 0;
            }
        });
        return connection;
    }

    /** The open, handshaken connection to a broker, if there is one. Event loop only. */
    public @Nullable BrokerConnection readyConnection(int nodeId, TrafficClass traffic) {
        Slot slot = slots.get(new Key(nodeId, traffic));
        BrokerConnection c = slot == null ? null : slot.connection;
        return c != null && c.isReady() ? c : null;
    }

    /**
     * The error of the last connection that failed to authenticate, if no connection has
     * authenticated since. Event loop only.
     */
    public @Nullable AuthenticationException authenticationFailure() {
        return authenticationFailure;
    }

    /** Calls the listener on the event loop whenever a connection fails to authenticate. Any thread. */
    public void onAuthenticationFailure(Consumer<AuthenticationException> listener) {
        authenticationListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * How many times connections of this traffic class re-authenticated (KIP-368) since the pool
     * was created; for tests and gauges. Any thread.
     */
    public long reauthentications(TrafficClass traffic) {
        return reauthentications.get(traffic.ordinal());
    }

    /**
     * The broker addresses whose last connection attempt failed, each with the failure; see {@link
     * ConnectionFailures#failing()}. Any thread.
     */
    public Map<String, String> connectionFailures() {
        return failures.failing();
    }

    /** Whether the broker is in reconnect backoff after failed attempts. Event loop only. */
    public boolean isBackingOff(int nodeId, TrafficClass traffic) {
        Slot slot = slots.get(new Key(nodeId, traffic));
        return slot != null && slot.notBefore > loop.ticker().nanoTime();
    }

    /** Closes every connection; their unanswered requests fail with the given cause. */
    public void close(KafkaException cause) {
        if (!loop.inEventLoop()) {
            Loops.submit(loop, () -> close(cause));
            return;
        }
        if (closed) {
            return;
        }
        closed = true;
        List<BrokerConnection> open = new ArrayList<>();
        for (Slot slot : slots.values()) {
            if (slot.connection != null) {
                open.add(slot.connection);
            }
        }
        slots.clear();
        for (BrokerConnection c : open) {
            c.closeForClient(cause);
        }
        resolver.close();
    }

    private record Key(int nodeId, TrafficClass traffic) {
        Key {
            Objects.requireNonNull(traffic);
        }
    }

    private static final class Slot {
        @Nullable
        BrokerConnection connection;

        int failures;
        long notBefore;
    }
}
