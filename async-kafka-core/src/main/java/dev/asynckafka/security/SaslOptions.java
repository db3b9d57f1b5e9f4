package dev.asynckafka.security;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * SASL settings: a mechanism and its credentials ({@code sasl.mechanism} and what kafka-clients
 * puts in {@code sasl.jaas.config}). Create with {@link #plain}, {@link #scramSha256}, {@link
 * #scramSha512} or {@link #oauthBearer}. Secrets never appear in {@link #toString()}.
 */
public final class SaslOptions {
    private final SaslMechanism mechanism;
    private final @Nullable String username;
    private final @Nullable Password password;
    private final @Nullable OAuthBearerTokenProvider tokenProvider;

    private SaslOptions(
            SaslMechanism mechanism,
            @Nullable String username,
            @Nullable Password password,
            @Nullable OAuthBearerTokenProvider tokenProvider) {
        this.mechanism = mechanism;
        this.username = username;
        this.password = password;
        this.tokenProvider = tokenProvider;
    }

    /** SASL/PLAIN with a user name and password. */
    public static SaslOptions plain(String username, Password password) {
        return new SaslOptions(SaslMechanism.PLAIN, requireUser(username), Objects.requireNonNull(password), null);
    }

    /** SASL/SCRAM-SHA-256 with a user name and password. */
    public static SaslOptions scramSha256(String username, Password password) {
        return new SaslOptions(
                SaslMechanism.SCRAM_SHA_256, requireUser(username), Objects.requireNonNull(password), null);
    }

    /** SASL/SCRAM-SHA-512 with a user name and password. */
    public static SaslOptions scramSha512(String username, Password password) {
        return new SaslOptions(
                SaslMechanism.SCRAM_SHA_512, requireUser(username), Objects.requireNonNull(password), null);
    }

    /** SASL/OAUTHBEARER with tokens from the given provider. */
    public static SaslOptions oauthBearer(OAuthBearerTokenProvider provider) {
        return new SaslOptions(SaslMechanism.OAUTHBEARER, null, null, Objects.requireNonNull(provider, "provider"));
    }

    /**
     * Options for a mechanism given by name with a user name and password (PLAIN or SCRAM).
     *
     * @throws IllegalArgumentException for unknown mechanisms or OAUTHBEARER (which needs a provider)
     */
    public static SaslOptions of(String mechanism, String username, Password password) {
        SaslMechanism m = SaslMechanism.forName(mechanism);
        return switch (m) {
            case PLAIN -> plain(username, password);
            case SCRAM_SHA_256 -> scramSha256(username, password);
            case SCRAM_SHA_512 -> scramSha512(username, password);
            case OAUTHBEARER -> throw new IllegalArgumentException("OAUTHBEARER needs a token provider");
        };
    }

    private static String requireUser(String username) {
        Objects.requireNonNull(username, "username");
        if (username.isEmpty()) {
            throw new IllegalArgumentException("SASL user name must not be empty");
        }
        return username;
    }

    public SaslMechanism mechanism() {
        return mechanism;
    }

    /** The user name for PLAIN and SCRAM. */
    public @Nullable String username() {
        return username;
    }

    /** The password for PLAIN and SCRAM. */
    public @Nullable Password password() {
        return password;
    }

    /** The token provider for OAUTHBEARER. */
    public @Nullable OAuthBearerTokenProvider tokenProvider() {
        return tokenProvider;
    }

    @Override
    public String toString() {
        return "SaslOptions{mechanism=" + mechanism.mechanismName() + (username == null ? "" : ", username=" + username)
                + "}";
    }
}
