package dev.asynckafka.internal.security;

import dev.asynckafka.errors.SaslAuthenticationException;
import dev.asynckafka.security.OAuthBearerToken;
import dev.asynckafka.security.OAuthBearerTokenProvider;
import dev.asynckafka.security.SaslOptions;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * SASL/OAUTHBEARER (RFC 7628): the GS2 header, the token and any extensions (KIP-342), separated
 * by {@code 0x01}. A non-empty server answer is an error report, acknowledged with a lone {@code
 * 0x01} as the RFC asks; the broker then fails the authentication.
 */
final class OAuthBearerSaslClient implements SaslClient {
    private static final char SEPARATOR = '\u0001';

    private final OAuthBearerTokenProvider provider;
    private boolean complete;
    private boolean errorAcknowledged;

    OAuthBearerSaslClient(SaslOptions options) {
        this.provider = Objects.requireNonNull(options.tokenProvider());
    }

    @Override
    public String mechanismName() {
        return "OAUTHBEARER";
    }

    @Override
    public CompletableFuture<byte[]> initialResponse() {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        provider.token().whenComplete((token, error) -> {
            if (error != null) {
                result.completeExceptionally(new SaslAuthenticationException(
                        "The OAUTHBEARER token provider failed: " + error.getMessage(), error));
            } else if (token == null) {
                result.completeExceptionally(
                        new SaslAuthenticationException("The OAUTHBEARER token provider returned no token"));
            } else {
                result.complete(message(token));
            }
        });
        return result;
    }

    static byte[] message(OAuthBearerToken token) {
        StringBuilder sb = new StringBuilder("n,,").append(SEPARATOR);
        sb.append("auth=Bearer ").append(token.value()).append(SEPARATOR);
        for (Map.Entry<String, String> e : new TreeMap<>(token.extensions()).entrySet()) {
            if (e.getKey().equals("auth") || !e.getKey().matches("[A-Za-z]+")) {
                throw new SaslAuthenticationException("Invalid OAUTHBEARER extension name '" + e.getKey() + "'");
            }
            sb.append(e.getKey()).append('=').append(e.getValue()).append(SEPARATOR);
        }
        sb.append(SEPARATOR);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] evaluate(byte[] serverMessage) {
        if (serverMessage.length == 0) {
            complete = true;
            return new byte[0];
        }
        if (errorAcknowledged) {
            throw new SaslAuthenticationException("The broker rejected the OAUTHBEARER token");
        }
        errorAcknowledged = true;
        return new byte[] {SEPARATOR};
    }

    @Override
    public boolean isComplete() {
        return complete;
    }
}
