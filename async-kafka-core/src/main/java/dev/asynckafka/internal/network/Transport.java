package dev.asynckafka.internal.network;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;

/**
 * How broker connections reach a broker: name resolution and the channel to an address. {@link
 * #SOCKETS} (DNS and TCP) is what clients use; unit tests plug in in-memory channels so a client can
 * run on an embedded event loop with virtual time.
 */
public interface Transport {
    /** DNS and NIO TCP sockets. */
    Transport SOCKETS = new Transport() {
        @Override
        public HostResolver newResolver(EventLoop loop) {
            return new DnsHostResolver(loop);
        }

        @Override
        public ChannelFuture connect(
                EventLoop loop,
                InetSocketAddress address,
                int connectTimeoutMillis,
                ChannelInitializer<Channel> initializer) {
            return new Bootstrap()
                    .group(loop)
                    .channel(NioSocketChannel.class)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.SO_KEEPALIVE, true)
                    .handler(initializer)
                    .connect(address);
        }
    };

    /** A resolver owned by one connection pool, on the pool's loop. */
    HostResolver newResolver(EventLoop loop);

    /**
     * Opens a channel to the address on the loop, with the initializer as its handler; the future
     * completes once connected, or fails.
     */
    ChannelFuture connect(
            EventLoop loop,
            InetSocketAddress address,
            int connectTimeoutMillis,
            ChannelInitializer<Channel> initializer);
}
