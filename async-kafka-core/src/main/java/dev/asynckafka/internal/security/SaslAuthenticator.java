package dev.asynckafka.internal.security;

import dev.asynckafka.errors.ErrorCode;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.errors.SaslAuthenticationException;
import dev.asynckafka.internal.protocol.ApiMessage;
import dev.asynckafka.internal.protocol.message.SaslAuthenticateRequest;
import dev.asynckafka.internal.protocol.message.SaslAuthenticateResponse;
import dev.asynckafka.internal.protocol.message.SaslHandshakeRequest;
import dev.asynckafka.internal.protocol.message.SaslHandshakeResponse;
import dev.asynckafka.security.SaslOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Runs one SASL authentication on a connection: SaslHandshake naming the mechanism, then
 * SaslAuthenticate round trips until the mechanism is complete. Used for the first authentication
 * and for each re-authentication (KIP-368).
 *
 * <p>Errors are non-retriable {@link dev.asynckafka.errors.AuthenticationException}s naming the
 * broker and mechanism and carrying the broker's reason, never a credential.
 */
public final class SaslAuthenticator {
    /** Sends one request on the connection being authenticated, at a negotiated version. */
    @FunctionalInterface
    public interface Sender {
        CompletableFuture<ApiMessage> send(ApiMessage request);
    }

    private final SaslOptions options;
    private final String peer;
    private final Sender sender;
    private final SaslClient client;
    private final CompletableFuture<Long> result = new CompletableFuture<>();

    private SaslAuthenticator(SaslOptions options, String peer, Sender sender) {
        this.options = options;
        this.peer = peer;
        this.sender = sender;
        this.client = SaslClient.create(options);
    }

    /**
     * Authenticates.
     *
     * @return the session lifetime the broker granted in milliseconds (0 when it sets none)
     */
    public static CompletableFuture<Long> authenticate(SaslOptions options, String peer, Sender sender) {
        SaslAuthenticator a = new SaslAuthenticator(options, peer, sender);
        a.handshake();
        return a.result;
    }

    private void handshake() {
        sender.send(new SaslHandshakeRequest().setMechanism(client.mechanismName()))
                .whenComplete((response, error) -> {
                    if (error != null) {
                        fail(error);
                        return;
                    }
                    SaslHandshakeResponse r = (SaslHandshakeResponse) response;
                    ErrorCode code = ErrorCode.forCode(r.errorCode());
                    if (code != ErrorCode.NONE) {
                        fail(code.exception("SASL handshake with " + peer + " for mechanism " + client.mechanismName()
                                + " (the broker enables " + r.mechanisms() + ")"));
                        return;
                    }
                    client.initialResponse().whenComplete((first, e) -> {
                        if (e != null) {
                            fail(e);
                        } else {
                            step(first);
                        }
                    });
                });
    }

    private void step(byte[] clientMessage) {
        sender.send(new SaslAuthenticateRequest().setAuthBytes(clientMessage)).whenComplete((response, error) -> {
            if (error != null) {
                fail(error);
                return;
            }
            SaslAuthenticateResponse r = (SaslAuthenticateResponse) response;
            ErrorCode code = ErrorCode.forCode(r.errorCode());
            if (code != ErrorCode.NONE) {
                fail(code.exception(
                        "SASL " + client.mechanismName() + " authentication of "
                                + (options.username() == null ? "the client" : "user " + options.username())
                                + " with " + peer,
                        r.errorMessage()));
                return;
            }
            byte[] next;
            try {
                next = client.evaluate(r.authBytes());
            } catch (SaslAuthenticationException e) {
                fail(new SaslAuthenticationException(e.getMessage() + " (" + peer + ")", e));
                return;
            }
            if (client.isComplete()) {
                result.complete(r.sessionLifetimeMs());
            } else {
                step(next);
            }
        });
    }

    private void fail(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof KafkaException ke) {
            result.completeExceptionally(ke);
        } else {
            result.completeExceptionally(new SaslAuthenticationException(
                    "SASL authentication with " + peer + " failed: " + cause.getMessage(), cause));
        }
    }
}
