package dev.asynckafka.security;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A bearer token for SASL/OAUTHBEARER.
 *
 * @param value the compact token (usually a JWT); never printed
 * @param expiresAt when the token stops being valid; the client fetches a new one before that
 * @param extensions SASL extensions sent with the token (KIP-342), such as a logical cluster id
 */
public record OAuthBearerToken(String value, Instant expiresAt, Map<String, String> extensions) {
    public OAuthBearerToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expiresAt, "expiresAt");
        extensions = Map.copyOf(extensions);
    }

    @Override
    public String toString() {
        return "OAuthBearerToken{value=[hidden], expiresAt=" + expiresAt + ", extensions=" + extensions.keySet() + "}";
    }
}
