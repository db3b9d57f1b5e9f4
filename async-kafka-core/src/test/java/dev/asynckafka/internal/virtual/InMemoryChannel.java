package dev.asynckafka.internal.virtual;

import io.netty.buffer.ByteBuf;
import io.netty.channel.AbstractChannel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.function.Consumer;

/**
 * The client's end of an in-memory connection: what the client writes goes to the broker's
 * callback at once; the broker answers by firing reads into the pipeline. Unlike {@link
 * io.netty.channel.embedded.EmbeddedChannel} it never runs the loop's tasks from inside a write or
 * close, so tasks run in the order a real event loop would run them.
 */
final class InMemoryChannel extends AbstractChannel {
    private static final ChannelMetadata METADATA = new ChannelMetadata(false);

    private final ChannelConfig config = new DefaultChannelConfig(this);
    private final InetSocketAddress remote;
    private final Consumer<ByteBuf> onWrite;
    private final Runnable onClose;
    private boolean open = true;
    private boolean connected;

    InMemoryChannel(InetSocketAddress remote, Consumer<ByteBuf> onWrite, Runnable onClose) {
        super(null);
        this.remote = remote;
        this.onWrite = onWrite;
        this.onClose = onClose;
    }

    @Override
    protected AbstractUnsafe newUnsafe() {
        return new AbstractUnsafe() {
            @Override
            public void connect(SocketAddress remoteAddress, SocketAddress localAddress, ChannelPromise promise) {
                // As a socket does: the connect promise first, then channelActive.
                connected = true;
                promise.setSuccess();
                pipeline().fireChannelActive();
            }
        };
    }

    @Override
    protected boolean isCompatible(EventLoop loop) {
        return true;
    }

    @Override
    protected SocketAddress localAddress0() {
        return new InetSocketAddress(remote.getAddress(), 50000);
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return remote;
    }

    @Override
    protected void doBind(SocketAddress localAddress) {}

    @Override
    protected void doDisconnect() {
        doClose();
    }

    @Override
    protected void doClose() {
        if (open) {
            open = false;
            onClose.run();
        }
    }

    @Override
    protected void doBeginRead() {}

    @Override
    protected void doWrite(ChannelOutboundBuffer in) {
        Object msg;
        while ((msg = in.current()) != null) {
            onWrite.accept(((ByteBuf) msg).retainedSlice());
            in.remove();
        }
    }

    @Override
    public ChannelConfig config() {
        return config;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean isActive() {
        return open && connected;
    }

    @Override
    public ChannelMetadata metadata() {
        return METADATA;
    }
}
