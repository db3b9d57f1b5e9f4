package dev.asynckafka.test.fake;

/** Selects the requests a rule of {@link FakeKafkaBroker#when(RequestMatcher)} applies to. */
@FunctionalInterface
public interface RequestMatcher {
    /**
     * Whether the rule applies to this request.
     *
     * @param request the request read
     * @return true to apply the rule
     */
    boolean matches(ReceivedRequest request);

    /**
     * Matches every request.
     *
     * @return the matcher
     */
    static RequestMatcher any() {
        return r -> true;
    }

    /**
     * Matches requests with this API key, any version.
     *
     * @param apiKey the API key
     * @return the matcher
     */
    static RequestMatcher apiKey(int apiKey) {
        return r -> r.apiKey() == apiKey;
    }

    /**
     * Matches requests with this API key and version.
     *
     * @param apiKey the API key
     * @param version the API version
     * @return the matcher
     */
    static RequestMatcher apiKey(int apiKey, int version) {
        return r -> r.apiKey() == apiKey && r.apiVersion() == version;
    }

    /**
     * Matches requests on this connection (counting from 1 in accept order).
     *
     * @param connection the connection number
     * @return the matcher
     */
    static RequestMatcher onConnection(int connection) {
        return r -> r.connection() == connection;
    }

    /**
     * Matches requests both this and the other matcher match.
     *
     * @param other the other matcher
     * @return the combined matcher
     */
    default RequestMatcher and(RequestMatcher other) {
        return r -> matches(r) && other.matches(r);
    }
}
