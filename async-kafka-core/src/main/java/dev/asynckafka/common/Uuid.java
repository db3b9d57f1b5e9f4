package dev.asynckafka.common;

import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * A 128-bit id as Kafka uses for topics and directories, printed in Kafka's URL-safe base64 form.
 *
 * @param mostSignificantBits the high 64 bits
 * @param leastSignificantBits the low 64 bits
 */
public record Uuid(long mostSignificantBits, long leastSignificantBits) {
    /** The all-zero id, which Kafka uses for "no id". */
    public static final Uuid ZERO = new Uuid(0L, 0L);

    /** Whether this is the all-zero id. */
    public boolean isZero() {
        return mostSignificantBits == 0L && leastSignificantBits == 0L;
    }

    /**
     * Parses Kafka's 22-character URL-safe base64 form.
     *
     * @throws IllegalArgumentException if the text is not such an id
     */
    public static Uuid fromString(String text) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a Kafka uuid: '" + text + "'", e);
        }
        if (bytes.length != 16) {
            throw new IllegalArgumentException("not a Kafka uuid: '" + text + "' has " + bytes.length + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new Uuid(buffer.getLong(), buffer.getLong());
    }

    @Override
    public String toString() {
        ByteBuffer buffer = ByteBuffer.allocate(16);
        buffer.putLong(mostSignificantBits).putLong(leastSignificantBits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
    }
}
