package dev.asynckafka.test.fake;

import java.io.IOException;

/**
 * The answering side of one request on one connection of a {@link FakeKafkaBroker}. Writes go to
 * the socket at once, in the order made; a handler may write several responses, a partial one, or
 * none.
 */
public interface Exchange {
    /**
     * Writes one response frame: the size prefix, then the given response header and body.
     *
     * @param headerAndBody the encoded response header followed by the encoded body
     * @throws IOException if the connection is gone
     */
    void reply(byte[] headerAndBody) throws IOException;

    /**
     * Writes one response frame for the request: the size prefix, a response header carrying the
     * request's correlation id (version 0, or version 1 with empty tagged fields), then the body.
     *
     * @param request the request answered
     * @param flexibleHeader whether the response header is version 1 (flexible API versions, except
     *     ApiVersions, whose response header is always version 0)
     * @param body the encoded response body
     * @throws IOException if the connection is gone
     */
    void reply(ReceivedRequest request, boolean flexibleHeader, byte[] body) throws IOException;

    /**
     * Writes bytes as they are, with no size prefix: for garbage, partial frames or frames a test
     * builds itself.
     *
     * @param bytes the bytes to write
     * @throws IOException if the connection is gone
     */
    void writeRaw(byte[] bytes) throws IOException;

    /**
     * Closes this connection after the handler returns; the broker keeps accepting new ones.
     */
    void disconnect();

    /**
     * The connection this exchange is on, counting from 1 in accept order.
     *
     * @return the connection number
     */
    int connection();
}
