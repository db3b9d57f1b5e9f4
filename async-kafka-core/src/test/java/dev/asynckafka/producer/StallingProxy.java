package dev.asynckafka.producer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of one broker that can stall: while stalled, bytes in both directions are
 * held (read, but not passed on) and new connections are accepted but carry nothing; on release
 * everything held goes through, also bytes of connections the client has closed meanwhile, as
 * a network that delivers late would do. Tests only; blocking sockets on its own threads.
 */
final class StallingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private volatile int targetPort = -1;
    private boolean stalled;

    StallingProxy() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "stalling-proxy-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Where to forward to; connections accepted before this is set are refused. */
    void target(int port) {
        targetPort = port;
    }

    void stall() {
        synchronized (gate) {
            stalled = true;
        }
    }

    void release() {
        synchronized (gate) {
            stalled = false;
            gate.notifyAll();
        }
    }

    private void awaitOpen() throws InterruptedException {
        synchronized (gate) {
            while (stalled) {
                gate.wait();
            }
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            sockets.add(client);
            try {
                if (targetPort < 0) {
                    client.close();
                    continue;
                }
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                upstream.setTcpNoDelay(true);
                client.setTcpNoDelay(true);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                close(client);
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(
                () -> {
                    byte[] buf = new byte[64 * 1024];
                    try {
                        InputStream in = from.getInputStream();
                        OutputStream out = to.getOutputStream();
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            awaitOpen();
                            out.write(buf, 0, n);
                            out.flush();
                        }
                        to.shutdownOutput();
                    } catch (IOException e) {
                        close(from);
                        close(to);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "stalling-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already gone
        }
    }

    @Override
    public void close() throws IOException {
        release();
        server.close();
        for (Socket s : sockets) {
            close(s);
        }
    }
}
