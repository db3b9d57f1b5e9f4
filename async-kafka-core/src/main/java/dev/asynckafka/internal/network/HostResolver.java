package dev.asynckafka.internal.network;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Turns a broker's host name into addresses, without blocking. */
public interface HostResolver extends AutoCloseable {
    /** All addresses of a host, in the order to try them; completes on the client's event loop. */
    CompletableFuture<List<InetAddress>> resolveAll(String host);

    @Override
    void close();
}
