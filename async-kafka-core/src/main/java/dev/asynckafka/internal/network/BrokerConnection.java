package dev.asynckafka.internal.network;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.common.Node;
import dev.asynckafka.errors.AuthenticationException;
import dev.asynckafka.errors.DisconnectException;
import dev.asynckafka.errors.ErrorCode;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.errors.NetworkException;
import dev.asynckafka.errors.ProtocolDecodeException;
import dev.asynckafka.errors.SslAuthenticationException;
import dev.asynckafka.errors.TimeoutException;
import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.ApiMessage;
import dev.asynckafka.internal.protocol.message.ApiVersionsRequest;
import dev.asynckafka.internal.protocol.message.ApiVersionsResponse;
import dev.asynckafka.internal.protocol.message.RequestHeader;
import dev.asynckafka.internal.protocol.message.ResponseHeader;
import dev.asynckafka.internal.security.SaslAuthenticator;
import dev.asynckafka.internal.util.Loops;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection to one broker: connect (trying every resolved address), ApiVersions
 * handshake, then pipelined requests matched to responses by correlation id.
 *
 * <p>Threading: every field is owned by the event loop given at creation; public methods may be
 * called from any thread and hop onto that loop. Futures complete on that loop, so callbacks
 * attached to them must not block.
 *
 * <p>Requests beyond {@code max.in.flight.requests.per.connection}, or sent before the handshake
 * finished, wait in a queue. Each request has its own timeout ({@code request.timeout.ms}, counted
 * from {@link #send}). A request that times out while still queued fails alone, with a retriable
 * {@link TimeoutException}. A request that times out after it was written also fails with a
 * {@link TimeoutException}, and the connection is closed at once (as kafka-clients does): its bytes
 * may still be buffered on the way, and a request the caller already gave up on must not be
 * processed later on a connection that is still in use, nor hold up the requests behind it (the
 * idempotent producer relies on this to treat such a batch as possibly written). When the
 * connection closes for any reason, every request not yet answered fails with a retriable {@link
 * DisconnectException} naming the cause.
 */
public final class BrokerConnection {
    private static final Logger log = LoggerFactory.getLogger(BrokerConnection.class);

    static final String CLIENT_SOFTWARE_NAME = "async-kafka";
    static final String CLIENT_SOFTWARE_VERSION = softwareVersion();

    private enum State {
        CONNECTING,
        HANDSHAKE,
        AUTHENTICATING,
        READY,
        CLOSED
    }

    private final EventLoop loop;
    private final ClientOptions options;
    private final Node node;
    private final String peer;
    private final HostResolver resolver;
    private final ConnectionSecurity security;
    private final Transport transport;
    private final long requestTimeoutNanos;
    private final int maxInFlight;
    private final ArrayDeque<InFlightRequest> pending = new ArrayDeque<>();
    private final ArrayDeque<InFlightRequest> inFlight = new ArrayDeque<>();
    private final RequestHeader header = new RequestHeader();
    private final CompletableFuture<BrokerConnection> ready = new CompletableFuture<>();
    private final CompletableFuture<@Nullable KafkaException> closed = new CompletableFuture<>();

    private State state = State.CONNECTING;
    /** Set when the client closes this connection, so the close is not logged as an event. */
    private boolean closingForClient;

    private @Nullable Channel channel;
    private @Nullable ApiVersionTable versions;
    private int activeInFlight;
    private int nextCorrelationId = 1;
    /** KIP-368: the session nears its end; send nothing new until re-authenticated. */
    private boolean reauthDue;

    private boolean reauthenticating;
    /** Called on the event loop after each successful re-authentication (KIP-368). */
    private @Nullable Runnable reauthenticationListener;

    private BrokerConnection(
            EventLoop loop,
            ClientOptions options,
            Node node,
            HostResolver resolver,
            ConnectionSecurity security,
            Transport transport) {
        this.loop = loop;
        this.transport = transport;
        this.options = options;
        this.node = node;
        this.peer = node.id() < 0 ? "bootstrap server " + node.address() : node.toString();
        this.resolver = resolver;
        this.security = security;
        this.requestTimeoutNanos = options.requestTimeout().toNanos();
        this.maxInFlight = options.maxInFlightRequestsPerConnection();
        this.header.setClientId(options.clientId());
    }

    /**
     * Starts connecting to a broker after the given delay (reconnect backoff); requests may be
     * sent at once and wait for the connection.
     */
    public static BrokerConnection open(
            EventLoop loop, ClientOptions options, Node node, HostResolver resolver, long delayNanos) {
        return open(loop, options, node, resolver, ConnectionSecurity.NONE, delayNanos);
    }

    /** Like {@link #open(EventLoop, ClientOptions, Node, HostResolver, long)}, with TLS and SASL. */
    public static BrokerConnection open(
            EventLoop loop,
            ClientOptions options,
            Node node,
            HostResolver resolver,
            ConnectionSecurity security,
            long delayNanos) {
        return open(loop, options, node, resolver, security, Transport.SOCKETS, delayNanos);
    }

    /** Like {@link #open(EventLoop, ClientOptions, Node, HostResolver, ConnectionSecurity, long)}, over a transport. */
    public static BrokerConnection open(
            EventLoop loop,
            ClientOptions options,
            Node node,
            HostResolver resolver,
            ConnectionSecurity security,
            Transport transport,
            long delayNanos) {
        BrokerConnection connection = new BrokerConnection(loop, options, node, resolver, security, transport);
        if (delayNanos > 0) {
            loop.schedule(connection::connect, delayNanos, TimeUnit.NANOSECONDS);
        } else {
            Loops.execute(loop, connection::connect);
        }
        return connection;
    }

    /** The broker this connects to. */
    public Node node() {
        return node;
    }

    /** Completes when the handshake is done; fails if the connection closes before. */
    public CompletableFuture<BrokerConnection> ready() {
        return ready;
    }

    /**
     * Completes when the connection has closed: with null after a clean close (idle, or by the
     * owner), or with the failure that closed it.
     */
    public CompletableFuture<@Nullable KafkaException> closeFuture() {
        return closed;
    }

    /** Calls the listener on the event loop after each successful re-authentication. Event loop only. */
    void onReauthenticated(Runnable listener) {
        this.reauthenticationListener = listener;
    }

    /** Whether the connection has closed or is closing. Event loop only. */
    public boolean isClosed() {
        return state == State.CLOSED;
    }

    /** Whether the handshake finished and the connection is open. Event loop only. */
    public boolean isReady() {
        return state == State.READY;
    }

    /** Versions negotiated with the broker, once {@link #ready()} completed. */
    public @Nullable ApiVersionTable versions() {
        return versions;
    }

    /** Unanswered requests plus queued ones. Event loop only. */
    public int load() {
        return activeInFlight + pending.size();
    }

    /** Sends a request at the highest version both sides support. */
    public <R extends ApiMessage> CompletableFuture<R> send(ApiMessage request) {
        return send(request, Short.MAX_VALUE, true);
    }

    /**
     * Sends a request.
     *
     * @param maxVersion the highest version the caller can use (for requests whose meaning changed)
     * @param expectResponse false only for acks=0 produce requests: the future completes with null
     *     once the request is written
     * @return the response, on this connection's event loop; fails with {@link TimeoutException},
     *     {@link DisconnectException} (both retriable) or {@link
     *     dev.asynckafka.errors.UnsupportedVersionException}
     */
    public <R extends ApiMessage> CompletableFuture<R> send(
            ApiMessage request, short maxVersion, boolean expectResponse) {
        return send(request, maxVersion, expectResponse, -1);
    }

    /**
     * Like {@link #send(ApiMessage, short, boolean)}, with a timeout of its own instead of {@code
     * request.timeout.ms} (for requests the broker holds longer on purpose, such as JoinGroup).
     *
     * @param timeoutNanos the request's timeout, or -1 for {@code request.timeout.ms}
     */
    @SuppressWarnings("unchecked")
    public <R extends ApiMessage> CompletableFuture<R> send(
            ApiMessage request, short maxVersion, boolean expectResponse, long timeoutNanos) {
        InFlightRequest r = new InFlightRequest(request, maxVersion, expectResponse);
        r.timeoutNanos = timeoutNanos;
        if (!Loops.execute(loop, () -> enqueue(r))) {
            r.completeExceptionally(Loops.shutDown(null));
        }
        return (CompletableFuture<R>) (CompletableFuture<?>) r;
    }

    /** Closes the connection; unanswered requests fail with the given cause. */
    public void close(KafkaException cause) {
        Loops.execute(loop, () -> shutdown(cause));
    }

    /**
     * Closes the connection because its client is closing: as {@link #close}, but logged at debug,
     * since an application shutting down is not news worth a line per connection.
     */
    public void closeForClient(KafkaException cause) {
        Loops.execute(loop, () -> {
            closingForClient = true;
            shutdown(cause);
        });
    }

    private void enqueue(InFlightRequest r) {
        Loops.assertInLoop(loop);
        if (state == State.CLOSED) {
            KafkaException cause = closed.getNow(null);
            r.completeExceptionally(
                    cause instanceof AuthenticationException
                            ? cause
                            : new DisconnectException(
                                    "Cannot send " + r.describe() + " to " + peer + ": the connection is closed"
                                            + (cause == null ? "" : " (" + cause.getMessage() + ")"),
                                    cause));
            return;
        }
        r.timeout = loop.schedule(() -> onTimeout(r), timeoutOf(r), TimeUnit.NANOSECONDS);
        pending.add(r);
        if (state == State.READY) {
            drain();
        }
    }

    private void connect() {
        if (state != State.CONNECTING) {
            return;
        }
        resolver.resolveAll(node.host()).whenComplete((addresses, error) -> {
            if (error != null) {
                shutdown(new NetworkException("Cannot resolve host of " + peer + ": " + error.getMessage(), error));
            } else {
                List<InetAddress> candidates = addresses;
                if (options.clientDnsLookup() == ClientOptions.ClientDnsLookup.USE_FIRST_DNS_IP
                        && !candidates.isEmpty()) {
                    candidates = candidates.subList(0, 1);
                }
                connectTo(candidates, 0, null);
            }
        });
    }

    private void connectTo(List<InetAddress> addresses, int index, @Nullable Throwable lastError) {
        if (state != State.CONNECTING) {
            return;
        }
        if (index >= addresses.size()) {
            String reason = lastError == null ? "no address" : String.valueOf(lastError.getMessage());
            shutdown(new NetworkException("Cannot connect to " + peer + ": " + reason, lastError));
            return;
        }
        InetSocketAddress address = new InetSocketAddress(addresses.get(index), node.port());
        long connectTimeout = Math.max(1, options.socketConnectionSetupTimeout().toMillis());
        ChannelFuture future = transport.connect(
                loop, address, (int) Math.min(Integer.MAX_VALUE, connectTimeout), new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        long idle = options.connectionsMaxIdle().toNanos();
                        if (security.tls() != null) {
                            SslHandler tls = security.tls().newHandler(ch.alloc(), node.host(), node.port());
                            tls.setHandshakeTimeout(requestTimeoutNanos, TimeUnit.NANOSECONDS);
                            ch.pipeline().addLast("tls", tls);
                        }
                        ch.pipeline()
                                .addLast("idle", new IdleStateHandler(0, 0, idle, TimeUnit.NANOSECONDS))
                                .addLast("flush", new FlushConsolidationHandler(256, true))
                                .addLast("frames", new FrameDecoder(options.maxResponseSize(), peer))
                                .addLast("responses", new ResponseHandler());
                    }
                });
        future.addListener(f -> {
            if (f.isSuccess()) {
                if (state != State.CONNECTING) {
                    future.channel().close();
                }
            } else {
                log.debug(
                        "Connecting to {} at {} failed: {}",
                        peer,
                        address,
                        f.cause().toString());
                connectTo(addresses, index + 1, f.cause());
            }
        });
    }

    private void onActive(Channel ch) {
        if (state != State.CONNECTING) {
            ch.close();
            return;
        }
        channel = ch;
        state = State.HANDSHAKE;
        SslHandler tls = ch.pipeline().get(SslHandler.class);
        if (tls == null) {
            sendApiVersions(ApiKey.API_VERSIONS.latestVersion());
            return;
        }
        tls.handshakeFuture().addListener(f -> {
            if (f.isSuccess()) {
                sendApiVersions(ApiKey.API_VERSIONS.latestVersion());
            } else {
                shutdown(tlsFailure(f.cause()));
            }
        });
    }

    private SslAuthenticationException tlsFailure(Throwable cause) {
        Throwable c = cause;
        while (c.getCause() != null && !(c instanceof SSLException)) {
            c = c.getCause();
        }
        return new SslAuthenticationException("TLS handshake with " + peer + " failed: " + c.getMessage(), cause);
    }

    /** Sends a request outside the queue (handshakes), at the negotiated or given version. */
    private CompletableFuture<ApiMessage> sendInternal(ApiMessage request, short version) {
        InFlightRequest r = new InFlightRequest(request, version, true);
        try {
            r.version = version >= 0 ? version : negotiated().select(r.apiKey, Short.MAX_VALUE);
        } catch (KafkaException e) {
            r.completeExceptionally(e);
            return r;
        }
        r.timeout = loop.schedule(() -> onTimeout(r), requestTimeoutNanos, TimeUnit.NANOSECONDS);
        if (write(r)) {
            flush();
        }
        return r;
    }

    private void sendApiVersions(short version) {
        ApiVersionsRequest request = new ApiVersionsRequest()
                .setClientSoftwareName(CLIENT_SOFTWARE_NAME)
                .setClientSoftwareVersion(CLIENT_SOFTWARE_VERSION);
        sendInternal(request, version).whenComplete((response, error) -> {
            if (error == null) {
                onApiVersions(version, (ApiVersionsResponse) response);
            } else if (state == State.HANDSHAKE) {
                shutdown(
                        error instanceof KafkaException ke
                                ? ke
                                : new NetworkException("ApiVersions handshake with " + peer + " failed", error));
            }
        });
    }

    private void onApiVersions(short sentVersion, ApiVersionsResponse response) {
        if (state != State.HANDSHAKE) {
            return;
        }
        ErrorCode error = ErrorCode.forCode(response.errorCode());
        if (error == ErrorCode.UNSUPPORTED_VERSION) {
            // The broker answers an ApiVersions version it does not know with v0 and its own range.
            short brokerMax = -1;
            for (ApiVersionsResponse.ApiVersion v : response.apiKeys()) {
                if (v.apiKey() == ApiKey.API_VERSIONS.id()) {
                    brokerMax = v.maxVersion();
                }
            }
            short retry = (short) Math.min(brokerMax, sentVersion - 1);
            if (retry >= ApiKey.API_VERSIONS.oldestVersion()) {
                sendApiVersions(retry);
                return;
            }
        }
        if (error != ErrorCode.NONE) {
            shutdown(error.exception("ApiVersions handshake with " + peer));
            return;
        }
        versions = new ApiVersionTable(response, peer);
        if (security.sasl() == null) {
            becomeReady();
            return;
        }
        state = State.AUTHENTICATING;
        authenticate();
    }

    private void becomeReady() {
        state = State.READY;
        log.debug("Connected to {}", peer);
        ready.complete(this);
        drain();
    }

    private void authenticate() {
        SaslAuthenticator.authenticate(security.sasl(), peer, request -> sendInternal(request, (short) -1))
                .whenComplete((lifetimeMs, error) -> {
                    if (state == State.CLOSED) {
                        return;
                    }
                    if (error != null) {
                        shutdown(
                                error instanceof KafkaException ke
                                        ? ke
                                        : new NetworkException("SASL authentication with " + peer + " failed", error));
                        return;
                    }
                    scheduleReauthentication(lifetimeMs);
                    if (reauthenticating) {
                        reauthenticating = false;
                        reauthDue = false;
                        log.debug("Re-authenticated with {}", peer);
                        Runnable listener = reauthenticationListener;
                        if (listener != null) {
                            listener.run();
                        }
                        drain();
                    } else {
                        becomeReady();
                    }
                });
    }

    /** KIP-368: re-authenticate at 85 to 95% of the session lifetime the broker granted. */
    private void scheduleReauthentication(long lifetimeMs) {
        if (lifetimeMs <= 0) {
            return;
        }
        long delay = (long) (lifetimeMs * (0.85 + ThreadLocalRandom.current().nextDouble() * 0.1));
        loop.schedule(
                () -> {
                    if (state == State.READY) {
                        reauthDue = true;
                        maybeReauthenticate();
                    }
                },
                Math.max(1, delay),
                TimeUnit.MILLISECONDS);
    }

    /** Starts re-authenticating once every request already sent has been answered. */
    private void maybeReauthenticate() {
        if (reauthDue && !reauthenticating && activeInFlight == 0 && state == State.READY) {
            reauthenticating = true;
            authenticate();
        }
    }

    private void drain() {
        boolean wrote = false;
        while (state == State.READY && !reauthDue && activeInFlight < maxInFlight && !pending.isEmpty()) {
            InFlightRequest r = pending.poll();
            if (r.isDone()) {
                continue;
            }
            try {
                r.version = negotiated().select(r.apiKey, r.maxVersion);
            } catch (KafkaException e) {
                r.cancelTimeout();
                r.completeExceptionally(e);
                continue;
            }
            wrote |= write(r);
        }
        if (wrote) {
            flush();
        }
    }

    private ApiVersionTable negotiated() {
        ApiVersionTable v = versions;
        if (v == null) {
            throw new IllegalStateException("versions used before the handshake");
        }
        return v;
    }

    private boolean write(InFlightRequest r) {
        Channel ch = channel;
        if (ch == null) {
            throw new IllegalStateException("write before connect");
        }
        r.correlationId = nextCorrelationId();
        ByteBuf buf;
        try {
            buf = encode(ch, r);
        } catch (RuntimeException e) {
            r.cancelTimeout();
            r.completeExceptionally(
                    e instanceof KafkaException
                            ? e
                            : new KafkaException("Cannot encode " + r.describe() + " for " + peer + ": " + e, e));
            return false;
        }
        if (r.expectResponse) {
            inFlight.add(r);
            activeInFlight++;
            ch.write(buf, ch.voidPromise());
        } else {
            ch.write(buf).addListener(f -> {
                r.cancelTimeout();
                if (f.isSuccess()) {
                    r.complete(null);
                } else {
                    r.completeExceptionally(
                            new DisconnectException("Writing " + r.describe() + " to " + peer + " failed", f.cause()));
                }
            });
        }
        return true;
    }

    private ByteBuf encode(Channel ch, InFlightRequest r) {
        short headerVersion = r.apiKey.requestHeaderVersion(r.version);
        header.setRequestApiKey(r.apiKey.id()).setRequestApiVersion(r.version).setCorrelationId(r.correlationId);
        int size = header.size(headerVersion) + r.request.size(r.version);
        ByteBuf buf = ch.alloc().ioBuffer(4 + size);
        try {
            buf.writeInt(size);
            header.write(buf, headerVersion);
            r.request.write(buf, r.version);
            if (buf.readableBytes() != 4 + size) {
                throw new IllegalStateException(
                        r.describe() + " wrote " + (buf.readableBytes() - 4) + " bytes but announced " + size);
            }
            return buf;
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
    }

    private int nextCorrelationId() {
        int id = nextCorrelationId;
        nextCorrelationId = id == Integer.MAX_VALUE ? 1 : id + 1;
        return id;
    }

    private void flush() {
        Channel ch = channel;
        if (ch != null) {
            ch.flush();
        }
    }

    private void onFrame(ByteBuf frame) {
        if (state == State.CLOSED) {
            return;
        }
        // Decode errors propagate to exceptionCaught, which closes the connection and fails every
        // request still queued here, including the one whose response was unreadable.
        InFlightRequest r = inFlight.peek();
        if (r == null) {
            throw new ProtocolDecodeException(peer + " sent a response (" + frame.readableBytes()
                    + " bytes) although no request was waiting for one");
        }
        int correlationId = ResponseHeader.read(frame, r.apiKey.responseHeaderVersion(r.version))
                .correlationId();
        if (correlationId != r.correlationId) {
            throw new ProtocolDecodeException(peer + " answered correlation id " + correlationId + " where "
                    + r.describe() + " was expected: responses are out of order");
        }
        ApiMessage response = decode(r, frame);
        inFlight.poll();
        activeInFlight--;
        r.cancelTimeout();
        r.complete(response);
        maybeReauthenticate();
        drain();
    }

    private ApiMessage decode(InFlightRequest r, ByteBuf frame) {
        short version = r.version;
        if (r.apiKey == ApiKey.API_VERSIONS
                && frame.readableBytes() >= 2
                && frame.getShort(frame.readerIndex()) == ErrorCode.UNSUPPORTED_VERSION.code()) {
            version = 0;
        }
        return r.apiKey.readResponse(frame, version);
    }

    private long timeoutOf(InFlightRequest r) {
        return r.timeoutNanos > 0 ? r.timeoutNanos : requestTimeoutNanos;
    }

    private void onTimeout(InFlightRequest r) {
        r.timeout = null;
        if (r.isDone() || state == State.CLOSED) {
            return;
        }
        long timeoutNanos = timeoutOf(r);
        long millis = TimeUnit.NANOSECONDS.toMillis(timeoutNanos);
        if (pending.remove(r)) {
            r.completeExceptionally(new TimeoutException(r.describe() + " to " + peer + " timed out after " + millis
                    + " ms before it could be sent (" + state.name().toLowerCase(java.util.Locale.ROOT) + ")"));
            return;
        }
        // Written: the broker may still process it, and a later response could only be dropped.
        // Close the connection so that the request cannot linger behind the caller's back.
        KafkaException timeout =
                new TimeoutException(r.describe() + " to " + peer + " got no response within " + millis + " ms");
        if (inFlight.remove(r)) {
            activeInFlight--;
        }
        r.completeExceptionally(timeout);
        shutdown(new TimeoutException(
                peer + " did not answer " + r.describe() + " within " + millis + " ms: closing the connection",
                timeout));
    }

    private void shutdown(@Nullable KafkaException cause) {
        if (state == State.CLOSED) {
            return;
        }
        State was = state;
        state = State.CLOSED;
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
        if (cause != null) {
            if (was == State.READY && !closingForClient) {
                log.info("Connection to {} closed: {}", peer, cause.getMessage());
            } else {
                log.debug("Connection to {} failed: {}", peer, cause.getMessage());
            }
        }
        String reason = cause == null ? "it was closed" : cause.getMessage();
        failAll(inFlight, reason, cause);
        failAll(pending, reason, cause);
        activeInFlight = 0;
        ready.completeExceptionally(
                new DisconnectException("Connection to " + peer + " closed before it was ready: " + reason, cause));
        closed.complete(cause);
    }

    private void failAll(ArrayDeque<InFlightRequest> queue, String reason, @Nullable KafkaException cause) {
        InFlightRequest r;
        while ((r = queue.poll()) != null) {
            r.cancelTimeout();
            if (!r.isDone()) {
                // Authentication failures are final: retrying with the same credentials fails again.
                r.completeExceptionally(
                        cause instanceof AuthenticationException
                                ? cause
                                : new DisconnectException(r.describe() + " to " + peer + " failed: " + reason, cause));
            }
        }
    }

    private static String softwareVersion() {
        String v = BrokerConnection.class.getPackage().getImplementationVersion();
        return v == null || !v.matches("[a-zA-Z0-9](?:[a-zA-Z0-9\\-.]*[a-zA-Z0-9])?") ? "0.1.0-SNAPSHOT" : v;
    }

    /** Inbound events of the channel; runs on the same event loop as the connection. */
    private final class ResponseHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            onActive(ctx.channel());
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            onFrame((ByteBuf) msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
            KafkaException error;
            if (c instanceof KafkaException ke) {
                error = ke;
            } else if (c instanceof SSLException) {
                error = tlsFailure(c);
            } else {
                error = new NetworkException("I/O error on the connection to " + peer + ": " + c, c);
            }
            shutdown(error);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            shutdown(state == State.CLOSED ? null : new NetworkException(peer + " closed the connection"));
            ctx.fireChannelInactive();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent && inFlight.isEmpty() && pending.isEmpty()) {
                log.debug("Closing idle connection to {}", peer);
                shutdown(null);
            }
            ctx.fireUserEventTriggered(evt);
        }
    }
}
