package dev.asynckafka.test.fake;

import java.io.IOException;

/**
 * Answers one request of a {@link FakeKafkaBroker}: with a response, bytes of any kind, nothing, or
 * a dropped connection. Runs on the connection's own thread; the next request on that connection is
 * read only after it returns, so blocking here stalls the connection as a slow broker would.
 */
@FunctionalInterface
public interface RequestHandler {
    /**
     * Handles the request.
     *
     * @param request the request read
     * @param exchange where to write the answer
     * @throws IOException if writing fails (the connection is then closed)
     */
    void handle(ReceivedRequest request, Exchange exchange) throws IOException;
}
