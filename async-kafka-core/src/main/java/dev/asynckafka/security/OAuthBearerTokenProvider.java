package dev.asynckafka.security;

import java.util.concurrent.CompletionStage;

/**
 * Supplies tokens for SASL/OAUTHBEARER, asynchronously: for example by calling an identity
 * provider's token endpoint with a non-blocking HTTP client.
 *
 * <p>Called on the client's event loop each time a connection authenticates or re-authenticates:
 * it must return at once (a stage completed later) and never block. A failed stage fails the
 * authentication with an {@link dev.asynckafka.errors.SaslAuthenticationException}.
 */
@FunctionalInterface
public interface OAuthBearerTokenProvider {
    /** A valid token; implementations usually cache it until shortly before it expires. */
    CompletionStage<OAuthBearerToken> token();
}
