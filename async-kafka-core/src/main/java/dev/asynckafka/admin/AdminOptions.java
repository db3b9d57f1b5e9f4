package dev.asynckafka.admin;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.errors.InvalidConfigurationException;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of an {@link AsyncKafkaAdmin}: the shared {@link ClientOptions} plus admin-only ones.
 * Immutable; build with {@link #builder(ClientOptions)}.
 */
public final class AdminOptions {
    /** {@code default.api.timeout.ms}: how long an operation may retry before it fails. */
    public static final Duration DEFAULT_API_TIMEOUT = Duration.ofMinutes(1);

    private final ClientOptions client;
    private final Duration defaultApiTimeout;

    private AdminOptions(ClientOptions client, Duration defaultApiTimeout) {
        this.client = client;
        this.defaultApiTimeout = defaultApiTimeout;
    }

    /** Admin options with defaults on top of the given client options. */
    public static AdminOptions of(ClientOptions client) {
        return builder(client).build();
    }

    public static Builder builder(ClientOptions client) {
        return new Builder(client);
    }

    /** The connection and cluster settings. */
    public ClientOptions client() {
        return client;
    }

    /** {@code default.api.timeout.ms}: the time budget of one admin operation, retries included. */
    public Duration defaultApiTimeout() {
        return defaultApiTimeout;
    }

    /** Builds {@link AdminOptions}; not thread-safe. */
    public static final class Builder {
        private final ClientOptions client;
        private Duration defaultApiTimeout = DEFAULT_API_TIMEOUT;

        private Builder(ClientOptions client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        public Builder defaultApiTimeout(Duration timeout) {
            this.defaultApiTimeout = Objects.requireNonNull(timeout, "defaultApiTimeout");
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws InvalidConfigurationException naming the invalid setting
         */
        public AdminOptions build() {
            if (defaultApiTimeout.isNegative() || defaultApiTimeout.isZero()) {
                throw new InvalidConfigurationException(
                        "Invalid value for default.api.timeout.ms: must be positive, was "
                                + defaultApiTimeout.toMillis() + " ms");
            }
            return new AdminOptions(client, defaultApiTimeout);
        }
    }
}
