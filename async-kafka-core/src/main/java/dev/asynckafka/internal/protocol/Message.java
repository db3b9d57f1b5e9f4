package dev.asynckafka.internal.protocol;

import io.netty.buffer.ByteBuf;

/**
 * A struct of the Kafka protocol that can be encoded in a given version: a request or response body,
 * a header, a data spec, or one of their nested structs.
 *
 * <p>Each implementation also has a static {@code read(ByteBuf, short)} that decodes what {@link
 * #write} encodes.
 */
public interface Message {
    /**
     * The exact number of bytes {@link #write} produces for this version.
     *
     * @param version the version to encode in
     */
    int size(short version);

    /**
     * Encodes this message in the given version, appending to {@code out}.
     *
     * @param out the buffer to append to
     * @param version the version to encode in
     * @throws dev.asynckafka.errors.UnsupportedVersionException if the version cannot carry a non-default
     *     value of a non-ignorable field, or a null in a field not nullable in that version
     */
    void write(ByteBuf out, short version);
}
