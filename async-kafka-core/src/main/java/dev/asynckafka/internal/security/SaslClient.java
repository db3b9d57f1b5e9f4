package dev.asynckafka.internal.security;

import dev.asynckafka.errors.SaslAuthenticationException;
import dev.asynckafka.security.SaslOptions;
import java.util.concurrent.CompletableFuture;

/**
 * The client side of one SASL exchange: the first message, then one answer per server challenge
 * until complete. One instance per authentication (and per re-authentication); event loop only.
 */
public interface SaslClient {
    /** The mechanism name sent in SaslHandshake. */
    String mechanismName();

    /** The first message; a future because an OAUTHBEARER token may have to be fetched. */
    CompletableFuture<byte[]> initialResponse();

    /**
     * Evaluates a server message and returns the next client message, or an empty array when the
     * exchange is complete on the client side.
     *
     * @throws SaslAuthenticationException when the server's message is invalid or its proof is wrong
     */
    byte[] evaluate(byte[] serverMessage);

    /** Whether the client has nothing more to send and has verified the server where it can. */
    boolean isComplete();

    /** A new client for the given options. */
    static SaslClient create(SaslOptions options) {
        return switch (options.mechanism()) {
            case PLAIN -> new PlainSaslClient(options);
            case SCRAM_SHA_256 -> new ScramSaslClient(options, ScramSaslClient.Algorithm.SHA_256);
            case SCRAM_SHA_512 -> new ScramSaslClient(options, ScramSaslClient.Algorithm.SHA_512);
            case OAUTHBEARER -> new OAuthBearerSaslClient(options);
        };
    }
}
