package dev.asynckafka.admin;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.errors.InvalidConfigurationException;
import dev.asynckafka.internal.config.KafkaConfig;
import dev.asynckafka.internal.config.KafkaPropertyTable;
import dev.asynckafka.internal.config.KafkaPropertyTable.Scope;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

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

    /** A builder on top of the given client options, every admin setting at its default. */
    public static Builder builder(ClientOptions client) {
        return new Builder(client);
    }

    /**
     * AdminOptions from kafka-clients style configuration, as {@code Admin.create(config)} takes
     * it: one map with the client-wide names (see {@link ClientOptions.Builder#configure(Map)}) and
     * the admin names (see {@link Builder#configure(Map)}).
     *
     * @param config settings by their Kafka names
     * @throws InvalidConfigurationException naming the first setting that is unknown, meant for
     *     another kind of client, or invalid (the value is shown unless it is a secret)
     */
    public static AdminOptions fromConfig(Map<String, ?> config) {
        KafkaConfig.Split split = KafkaConfig.split(Scope.ADMIN, config);
        return builder(ClientOptions.fromConfig(split.client()))
                .configure(split.kind())
                .build();
    }

    /**
     * AdminOptions from a kafka-clients style {@link Properties}; see {@link #fromConfig(Map)}.
     *
     * @param properties settings by their Kafka names; keys must be text
     * @throws InvalidConfigurationException naming the first unknown or invalid setting
     */
    public static AdminOptions fromProperties(Properties properties) {
        return fromConfig(KafkaConfig.toMap(properties));
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
         * Applies admin settings given by their Kafka names: {@code default.api.timeout.ms}. The client-wide
         * names ({@code bootstrap.servers}, ...) belong to the {@link ClientOptions} this builder
         * was made with; to give one map with both, use {@link AdminOptions#fromConfig(Map)}.
         *
         * <p>Values may be text, as in a {@code .properties} file ({@code "5"}, {@code "true"}, {@code
         * "a:9092,b:9092"}), or typed the way kafka-clients accepts them: integral numbers for counts,
         * sizes and milliseconds (or a {@link java.time.Duration}), {@link Boolean}s, lists of texts,
         * and the core's own types ({@code Acks}, {@code CompressionType}, {@code SecurityProtocol},
         * {@code Password}, ...). Runs on the caller's thread; nothing is validated across settings
         * until {@code build()}.
         *
         * @param config settings by their Kafka names
         * @return this builder
         * @throws InvalidConfigurationException for a name that is unknown, client-wide or for
         *     another kind of client, and for a value that cannot be converted; the message names
         *     the setting, shows the value and says what was expected
         */
        public Builder configure(Map<String, ?> config) {
            KafkaConfig.configure(Scope.ADMIN, this, config, KafkaPropertyTable::admin, "AdminOptions.Builder");
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
