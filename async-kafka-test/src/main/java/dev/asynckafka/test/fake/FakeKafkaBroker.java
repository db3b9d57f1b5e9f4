package dev.asynckafka.test.fake;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP server on the loopback interface that reads Kafka request frames and answers them as the
 * test scripts: by rules ({@link #when(RequestMatcher)}) tried in the order they were added, then
 * by the fallback handler given at {@link #start(RequestHandler)}.
 *
 * <p>It decodes only the framing (size prefix, API key, version, correlation id); bodies are the
 * test's business, so it works with any message classes. Each connection is served on its own
 * daemon thread with blocking sockets: requests of one connection are handled in order, one at a
 * time, and a handler that blocks or {@linkplain Stubbing#thenRespondAfter delays} stalls that
 * connection only. Every request is recorded ({@link #requests()}) before it is handled.
 *
 * <pre>{@code
 * try (FakeKafkaBroker broker = FakeKafkaBroker.start()) {
 *     broker.when(RequestMatcher.apiKey(18)).thenRespond(apiVersionsHandler);
 *     broker.when(RequestMatcher.apiKey(3)).times(1).thenDisconnect();
 *     broker.when(RequestMatcher.apiKey(3)).thenRespondAfter(Duration.ofMillis(200), metadataHandler);
 *     // point the client at broker.bootstrapServers()
 * }
 * }</pre>
 */
public final class FakeKafkaBroker implements AutoCloseable {
    private final ServerSocket server;
    private final RequestHandler fallback;
    private final List<Stubbing> rules = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<ReceivedRequest> received = new CopyOnWriteArrayList<>();
    private final List<ReceivedRequest> unmatched = new CopyOnWriteArrayList<>();
    private final AtomicInteger requestCount = new AtomicInteger();
    private final AtomicInteger connectionCount = new AtomicInteger();

    private FakeKafkaBroker(RequestHandler fallback) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.fallback = fallback;
        Thread acceptor = new Thread(this::acceptLoop, "fake-kafka-broker-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Starts a fake broker on an ephemeral loopback port whose unmatched requests are recorded
     * ({@link #unmatchedRequests()}) and answered by closing the connection, so a missing rule
     * shows up at once instead of as a client timeout.
     *
     * @return the started broker; close it to stop
     * @throws IOException if no server socket can be bound
     */
    public static FakeKafkaBroker start() throws IOException {
        return new FakeKafkaBroker(null);
    }

    /**
     * Starts a fake broker on an ephemeral loopback port that hands every request no rule matches
     * to the given handler.
     *
     * @param fallback answers requests no rule matches
     * @return the started broker; close it to stop
     * @throws IOException if no server socket can be bound
     */
    public static FakeKafkaBroker start(RequestHandler fallback) throws IOException {
        return new FakeKafkaBroker(fallback);
    }

    /**
     * Adds a rule for the requests the matcher selects; rules are tried in the order they were
     * added, and the first one that matches and is not used up answers.
     *
     * @param matcher selects the requests
     * @return the rule, to say how often it applies and what it does
     */
    public Stubbing when(RequestMatcher matcher) {
        return new Stubbing(matcher);
    }

    /**
     * The port the broker listens on (loopback).
     *
     * @return the port
     */
    public int port() {
        return server.getLocalPort();
    }

    /**
     * The host the broker listens on: {@code 127.0.0.1}.
     *
     * @return the host
     */
    public String host() {
        return server.getInetAddress().getHostAddress();
    }

    /**
     * The bootstrap servers string for a client: {@code host:port}.
     *
     * @return the bootstrap servers
     */
    public String bootstrapServers() {
        return host() + ":" + port();
    }

    /**
     * How many requests the broker has read so far, on all connections.
     *
     * @return the count
     */
    public int requestCount() {
        return requestCount.get();
    }

    /**
     * How many connections the broker has accepted so far.
     *
     * @return the count
     */
    public int connectionCount() {
        return connectionCount.get();
    }

    /**
     * Every request read so far, in the order read.
     *
     * @return an unmodifiable snapshot
     */
    public List<ReceivedRequest> requests() {
        return List.copyOf(received);
    }

    /**
     * The requests no rule matched when the broker has no fallback handler (each one closed its
     * connection).
     *
     * @return an unmodifiable snapshot
     */
    public List<ReceivedRequest> unmatchedRequests() {
        return List.copyOf(unmatched);
    }

    /**
     * Closes every open client connection now, as a broker that drops them; new connections are
     * still accepted.
     */
    public void disconnectAll() {
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }

    /** Stops accepting and closes every connection; handlers still running see their writes fail. */
    @Override
    public void close() {
        closeQuietly(server);
        disconnectAll();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                int connection = connectionCount.incrementAndGet();
                sockets.add(s);
                Thread t = new Thread(() -> serve(s, connection), "fake-kafka-broker-conn-" + connection);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket, int connection) {
        try (socket) {
            socket.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            SocketExchange exchange = new SocketExchange(socket.getOutputStream(), connection);
            while (!exchange.disconnect) {
                int size;
                try {
                    size = in.readInt();
                } catch (EOFException e) {
                    return; // the client closed the connection
                }
                byte[] frame = new byte[size];
                in.readFully(frame);
                ReceivedRequest request = ReceivedRequest.parse(frame, connection, requestCount.incrementAndGet());
                received.add(request);
                handlerFor(request).handle(request, exchange);
                exchange.out.flush();
            }
        } catch (IOException | UncheckedIOException e) {
            // the client went away, a handler dropped the connection, or the test closed the broker
        } finally {
            sockets.remove(socket);
        }
    }

    private RequestHandler handlerFor(ReceivedRequest request) {
        for (Stubbing rule : rules) {
            if (rule.claim(request)) {
                return rule.action;
            }
        }
        if (fallback != null) {
            return fallback;
        }
        unmatched.add(request);
        return (r, exchange) -> exchange.disconnect();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing anyway
        }
    }

    /** One rule: which requests, how many times, and what to do. */
    public final class Stubbing {
        private final RequestMatcher matcher;
        private final AtomicInteger remaining = new AtomicInteger(Integer.MAX_VALUE);
        private volatile RequestHandler action = (r, e) -> {};

        private Stubbing(RequestMatcher matcher) {
            this.matcher = matcher;
        }

        /**
         * Applies the rule to the first {@code n} matching requests only; later ones fall through to
         * the next rules.
         *
         * @param n how many requests, at least 1
         * @return this rule
         */
        public Stubbing times(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("times must be at least 1: " + n);
            }
            remaining.set(n);
            return this;
        }

        /**
         * Answers matching requests with the handler.
         *
         * @param handler writes the answer
         * @return the broker, to add more rules
         */
        public FakeKafkaBroker thenRespond(RequestHandler handler) {
            return add(handler);
        }

        /**
         * Waits, then answers matching requests with the handler; the connection reads nothing
         * meanwhile, as a broker that is slow to answer.
         *
         * @param delay how long to wait first
         * @param handler writes the answer
         * @return the broker, to add more rules
         */
        public FakeKafkaBroker thenRespondAfter(Duration delay, RequestHandler handler) {
            return add((request, exchange) -> {
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    exchange.disconnect();
                    return;
                }
                handler.handle(request, exchange);
            });
        }

        /**
         * Closes the connection a matching request came on, without answering.
         *
         * @return the broker, to add more rules
         */
        public FakeKafkaBroker thenDisconnect() {
            return add((request, exchange) -> exchange.disconnect());
        }

        /**
         * Reads matching requests and never answers them; the connection stays open.
         *
         * @return the broker, to add more rules
         */
        public FakeKafkaBroker thenIgnore() {
            return add((request, exchange) -> {});
        }

        private FakeKafkaBroker add(RequestHandler handler) {
            this.action = handler;
            rules.add(this);
            return FakeKafkaBroker.this;
        }

        private boolean claim(ReceivedRequest request) {
            if (!matcher.matches(request)) {
                return false;
            }
            return remaining.getAndUpdate(n -> n == Integer.MAX_VALUE ? n : Math.max(0, n - 1)) > 0;
        }
    }

    private static final class SocketExchange implements Exchange {
        private final OutputStream out;
        private final int connection;
        private volatile boolean disconnect;

        SocketExchange(OutputStream out, int connection) {
            this.out = out;
            this.connection = connection;
        }

        @Override
        public void reply(byte[] headerAndBody) throws IOException {
            out.write(ByteBuffer.allocate(4).putInt(headerAndBody.length).array());
            out.write(headerAndBody);
        }

        @Override
        public void reply(ReceivedRequest request, boolean flexibleHeader, byte[] body) throws IOException {
            ByteBuffer frame = ByteBuffer.allocate(4 + 4 + (flexibleHeader ? 1 : 0) + body.length);
            frame.putInt(frame.capacity() - 4).putInt(request.correlationId());
            if (flexibleHeader) {
                frame.put((byte) 0); // no tagged fields
            }
            frame.put(body);
            out.write(frame.array());
        }

        @Override
        public void writeRaw(byte[] bytes) throws IOException {
            out.write(bytes);
        }

        @Override
        public void disconnect() {
            disconnect = true;
        }

        @Override
        public int connection() {
            return connection;
        }
    }
}
