package dev.asynckafka.internal.network;

import dev.asynckafka.errors.ProtocolDecodeException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the byte stream into Kafka's size-prefixed frames.
 *
 * <p>A length prefix that is negative or above the configured maximum is a corrupt stream: it
 * raises {@link ProtocolDecodeException} at once, before any memory is reserved for it. Each
 * complete frame is copied into its own unpooled heap buffer, so decoded messages may keep
 * zero-copy slices of it (record batches) without reference counting: the garbage collector frees
 * the frame when the last slice is gone, and no code path can leak pooled memory.
 */
final class FrameDecoder extends ByteToMessageDecoder {
    private final int maxFrameSize;
    private final String peer;

    FrameDecoder(int maxFrameSize, String peer) {
        this.maxFrameSize = maxFrameSize;
        this.peer = peer;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= 4) {
            int size = in.getInt(in.readerIndex());
            if (size < 0 || size > maxFrameSize) {
                in.skipBytes(in.readableBytes());
                throw new ProtocolDecodeException("Response from " + peer + " has a frame length of " + size
                        + " bytes, outside 0.." + maxFrameSize + ": the stream is corrupt or not Kafka");
            }
            if (in.readableBytes() < 4 + size) {
                return;
            }
            in.skipBytes(4);
            byte[] frame = new byte[size];
            in.readBytes(frame);
            out.add(Unpooled.wrappedBuffer(frame));
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decode(ctx, in, out);
        if (in.isReadable()) {
            int have = in.readableBytes();
            String expected = have >= 4 ? " of " + (4 + in.getInt(in.readerIndex())) : "";
            in.skipBytes(have);
            // Fired rather than thrown: Netty reports exceptions from decodeLast only after
            // channelInactive, which would hide why the connection ended.
            ctx.fireExceptionCaught(new ProtocolDecodeException("Connection to " + peer
                    + " closed in the middle of a frame (" + have + expected + " bytes received)"));
        }
    }
}
