package dev.asynckafka.internal.network;

import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.ApiMessage;
import dev.asynckafka.internal.protocol.message.ApiVersionsResponse;
import dev.asynckafka.internal.protocol.message.RequestHeader;
import dev.asynckafka.internal.protocol.message.ResponseHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP server that plays a misbehaving broker: it reads request frames and answers each with
 * whatever the test's {@link Behaviour} writes. Blocking sockets on its own threads; tests only.
 */
public final class FakeBroker implements AutoCloseable {
    /** How the fake answers one request; may write anything, or nothing. */
    public interface Behaviour {
        void onRequest(Request request, OutputStream out) throws IOException;
    }

    /**
     * A decoded request header, and the whole frame (header and body) when it came from a client.
     */
    public record Request(short apiKey, short apiVersion, int correlationId, int index, byte[] frame) {
        public Request(short apiKey, short apiVersion, int correlationId, int index) {
            this(apiKey, apiVersion, correlationId, index, new byte[0]);
        }

        /** The request's body, decoded with the generated message class. */
        public ApiMessage body() {
            ApiKey key = ApiKey.forId(apiKey);
            ByteBuf buf = Unpooled.wrappedBuffer(frame);
            RequestHeader.read(buf, key.requestHeaderVersion(apiVersion));
            return key.readRequest(buf, apiVersion);
        }
    }

    private final ServerSocket server;
    private final Behaviour behaviour;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger connections = new AtomicInteger();

    public FakeBroker(Behaviour behaviour) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.behaviour = behaviour;
        Thread acceptor = new Thread(this::acceptLoop, "fake-broker-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public int requests() {
        return requests.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), "fake-broker-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                int size = in.readInt();
                byte[] frame = new byte[size];
                in.readFully(frame);
                ByteBuf buf = Unpooled.wrappedBuffer(frame);
                Request r =
                        new Request(buf.readShort(), buf.readShort(), buf.readInt(), requests.incrementAndGet(), frame);
                behaviour.onRequest(r, out);
                out.flush();
            }
        } catch (IOException e) {
            // client went away or the test closed us
        }
    }

    /** Answers ApiVersions properly, as a broker supporting everything this client does. */
    public static void answerApiVersions(Request r, OutputStream out) throws IOException {
        List<ApiVersionsResponse.ApiVersion> keys = new ArrayList<>();
        for (ApiKey k : ApiKey.values()) {
            keys.add(new ApiVersionsResponse.ApiVersion()
                    .setApiKey(k.id())
                    .setMinVersion(k.oldestVersion())
                    .setMaxVersion(k.latestVersion()));
        }
        writeResponse(r, new ApiVersionsResponse().setApiKeys(keys), out);
    }

    public static void writeResponse(Request r, dev.asynckafka.internal.protocol.ApiMessage body, OutputStream out)
            throws IOException {
        ApiKey key = ApiKey.forId(r.apiKey());
        short headerVersion = key.responseHeaderVersion(r.apiVersion());
        ResponseHeader header = new ResponseHeader().setCorrelationId(r.correlationId());
        ByteBuf buf = Unpooled.buffer();
        buf.writeInt(header.size(headerVersion) + body.size(r.apiVersion()));
        header.write(buf, headerVersion);
        body.write(buf, r.apiVersion());
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        out.write(bytes);
    }

    public static boolean isApiVersions(Request r) {
        return r.apiKey() == ApiKey.API_VERSIONS.id();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
