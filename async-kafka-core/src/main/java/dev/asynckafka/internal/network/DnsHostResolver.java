package dev.asynckafka.internal.network;

import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Asynchronous DNS on the client's event loop (hosts file first, then the system's name servers).
 * Address literals resolve without any lookup. Used for {@code client.dns.lookup}: every address
 * of a name is returned, in the order the resolver gives.
 */
public final class DnsHostResolver implements HostResolver {
    private final DnsNameResolver resolver;

    public DnsHostResolver(EventLoop loop) {
        this.resolver = new DnsNameResolverBuilder(loop)
                .datagramChannelType(NioDatagramChannel.class)
                .build();
    }

    @Override
    public CompletableFuture<List<InetAddress>> resolveAll(String host) {
        CompletableFuture<List<InetAddress>> result = new CompletableFuture<>();
        resolver.resolveAll(host).addListener(f -> {
            if (f.isSuccess()) {
                @SuppressWarnings("unchecked")
                List<InetAddress> addresses = (List<InetAddress>) f.getNow();
                result.complete(addresses);
            } else {
                result.completeExceptionally(f.cause());
            }
        });
        return result;
    }

    @Override
    public void close() {
        resolver.close();
    }
}
