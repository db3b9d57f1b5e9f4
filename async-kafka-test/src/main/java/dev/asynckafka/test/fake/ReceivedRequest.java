package dev.asynckafka.test.fake;

import java.nio.ByteBuffer;

/**
 * One request frame the fake broker read, with the fixed leading fields of its header decoded.
 *
 * @param apiKey the request's API key
 * @param apiVersion the request's API version
 * @param correlationId the correlation id a response must carry
 * @param connection which accepted connection it came on, counting from 1 in accept order
 * @param index its position among all requests the broker read, counting from 1
 * @param frame the whole frame without the size prefix: request header and body, as sent
 */
public record ReceivedRequest(
        short apiKey, short apiVersion, int correlationId, int connection, int index, byte[] frame) {

    /**
     * Reads the fixed header fields of a frame (every request header version starts with API key,
     * API version and correlation id).
     *
     * @param frame the frame without its size prefix
     * @param connection the connection it came on
     * @param index its position among all requests
     * @return the request
     * @throws IllegalArgumentException if the frame is shorter than those fields
     */
    public static ReceivedRequest parse(byte[] frame, int connection, int index) {
        if (frame.length < 8) {
            throw new IllegalArgumentException("request frame of " + frame.length + " bytes has no header");
        }
        ByteBuffer buf = ByteBuffer.wrap(frame);
        return new ReceivedRequest(buf.getShort(0), buf.getShort(2), buf.getInt(4), connection, index, frame);
    }

    /**
     * Whether this request has the given API key.
     *
     * @param key the API key
     * @return true if it has
     */
    public boolean is(int key) {
        return apiKey == key;
    }
}
