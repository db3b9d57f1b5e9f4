package dev.asynckafka;

import dev.asynckafka.errors.InvalidConfigurationException;
import dev.asynckafka.internal.config.KafkaConfig;
import dev.asynckafka.internal.network.HostAndPort;
import dev.asynckafka.security.SaslOptions;
import dev.asynckafka.security.SecurityProtocol;
import dev.asynckafka.security.SslOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Connection and cluster settings shared by the producer, the consumer and the admin client.
 *
 * <p>Immutable; build with {@link #builder()}. Every setting has a {@code DEFAULT_*} constant equal
 * to kafka-clients' default for the setting of the same name, so a configuration carries over.
 * {@link Builder#build()} validates and fails with an {@link InvalidConfigurationException} that
 * names the setting.
 */
public final class ClientOptions {
    public static final String DEFAULT_CLIENT_ID = "async-kafka";
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_SOCKET_CONNECTION_SETUP_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RECONNECT_BACKOFF = Duration.ofMillis(50);
    public static final Duration DEFAULT_RECONNECT_BACKOFF_MAX = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(100);
    public static final Duration DEFAULT_RETRY_BACKOFF_MAX = Duration.ofSeconds(1);
    public static final Duration DEFAULT_CONNECTIONS_MAX_IDLE = Duration.ofMinutes(9);
    public static final Duration DEFAULT_METADATA_MAX_AGE = Duration.ofMinutes(5);
    public static final int DEFAULT_MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION = 5;
    /** Largest response frame accepted; larger length prefixes are treated as a corrupt stream. */
    public static final int DEFAULT_MAX_RESPONSE_SIZE = 256 * 1024 * 1024;

    public static final ClientDnsLookup DEFAULT_CLIENT_DNS_LOOKUP = ClientDnsLookup.USE_ALL_DNS_IPS;

    /** How host names of brokers are turned into addresses ({@code client.dns.lookup}). */
    public enum ClientDnsLookup {
        /** Try every address the name resolves to, in order, until one connects. */
        USE_ALL_DNS_IPS,
        /** Use only the first address the name resolves to. */
        USE_FIRST_DNS_IP
    }

    private final List<String> bootstrapServers;
    private final String clientId;
    private final Duration requestTimeout;
    private final Duration socketConnectionSetupTimeout;
    private final Duration reconnectBackoff;
    private final Duration reconnectBackoffMax;
    private final Duration retryBackoff;
    private final Duration retryBackoffMax;
    private final Duration connectionsMaxIdle;
    private final Duration metadataMaxAge;
    private final int maxInFlightRequestsPerConnection;
    private final int maxResponseSize;
    private final ClientDnsLookup clientDnsLookup;
    private final SecurityProtocol securityProtocol;
    private final @Nullable SslOptions ssl;
    private final @Nullable SaslOptions sasl;

    private ClientOptions(Builder b) {
        this.bootstrapServers = List.copyOf(b.bootstrapServers);
        this.clientId = b.clientId;
        this.requestTimeout = b.requestTimeout;
        this.socketConnectionSetupTimeout = b.socketConnectionSetupTimeout;
        this.reconnectBackoff = b.reconnectBackoff;
        this.reconnectBackoffMax = b.reconnectBackoffMax;
        this.retryBackoff = b.retryBackoff;
        this.retryBackoffMax = b.retryBackoffMax;
        this.connectionsMaxIdle = b.connectionsMaxIdle;
        this.metadataMaxAge = b.metadataMaxAge;
        this.maxInFlightRequestsPerConnection = b.maxInFlightRequestsPerConnection;
        this.maxResponseSize = b.maxResponseSize;
        this.clientDnsLookup = b.clientDnsLookup;
        this.securityProtocol = b.securityProtocol;
        this.ssl = b.ssl;
        this.sasl = b.sasl;
    }

    /** A builder with every setting at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Client options from kafka-clients style configuration: {@code ClientOptions.builder()
     * .configure(config).build()}.
     *
     * @param config settings by their Kafka names; see {@link Builder#configure(Map)}
     * @throws InvalidConfigurationException naming the first unknown or invalid setting
     */
    public static ClientOptions fromConfig(Map<String, ?> config) {
        return builder().configure(config).build();
    }

    /** A builder holding this object's settings, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.bootstrapServers = new ArrayList<>(bootstrapServers);
        b.clientId = clientId;
        b.requestTimeout = requestTimeout;
        b.socketConnectionSetupTimeout = socketConnectionSetupTimeout;
        b.reconnectBackoff = reconnectBackoff;
        b.reconnectBackoffMax = reconnectBackoffMax;
        b.retryBackoff = retryBackoff;
        b.retryBackoffMax = retryBackoffMax;
        b.connectionsMaxIdle = connectionsMaxIdle;
        b.metadataMaxAge = metadataMaxAge;
        b.maxInFlightRequestsPerConnection = maxInFlightRequestsPerConnection;
        b.maxResponseSize = maxResponseSize;
        b.clientDnsLookup = clientDnsLookup;
        b.securityProtocol = securityProtocol;
        b.ssl = ssl;
        b.sasl = sasl;
        return b;
    }

    /** {@code bootstrap.servers}: {@code host:port} addresses tried in turn to discover the cluster. */
    public List<String> bootstrapServers() {
        return bootstrapServers;
    }

    /** {@code client.id}: sent with every request; shows in broker logs and quotas. */
    public String clientId() {
        return clientId;
    }

    /** {@code request.timeout.ms}: how long one request may wait for its response. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** {@code socket.connection.setup.timeout.ms}: how long a TCP connect may take. */
    public Duration socketConnectionSetupTimeout() {
        return socketConnectionSetupTimeout;
    }

    /** {@code reconnect.backoff.ms}: the first wait before reconnecting to a broker that failed. */
    public Duration reconnectBackoff() {
        return reconnectBackoff;
    }

    /** {@code reconnect.backoff.max.ms}: the cap of the exponential reconnect backoff. */
    public Duration reconnectBackoffMax() {
        return reconnectBackoffMax;
    }

    /** {@code retry.backoff.ms}: the first wait before retrying a failed operation. */
    public Duration retryBackoff() {
        return retryBackoff;
    }

    /** {@code retry.backoff.max.ms}: the cap of the exponential retry backoff. */
    public Duration retryBackoffMax() {
        return retryBackoffMax;
    }

    /** {@code connections.max.idle.ms}: idle connections are closed after this long. */
    public Duration connectionsMaxIdle() {
        return connectionsMaxIdle;
    }

    /** {@code metadata.max.age.ms}: metadata is refreshed at least this often. */
    public Duration metadataMaxAge() {
        return metadataMaxAge;
    }

    /** {@code max.in.flight.requests.per.connection}: unanswered requests allowed on one connection. */
    public int maxInFlightRequestsPerConnection() {
        return maxInFlightRequestsPerConnection;
    }

    /** The largest response frame accepted from a broker, in bytes. */
    public int maxResponseSize() {
        return maxResponseSize;
    }

    /** {@code client.dns.lookup}. */
    public ClientDnsLookup clientDnsLookup() {
        return clientDnsLookup;
    }

    /** {@code security.protocol}. */
    public SecurityProtocol securityProtocol() {
        return securityProtocol;
    }

    /** TLS settings; null means the JDK's defaults when {@link #securityProtocol()} uses TLS. */
    public @Nullable SslOptions ssl() {
        return ssl;
    }

    /** SASL mechanism and credentials, set exactly when {@link #securityProtocol()} uses SASL. */
    public @Nullable SaslOptions sasl() {
        return sasl;
    }

    @Override
    public String toString() {
        return "ClientOptions{bootstrapServers=" + bootstrapServers + ", clientId=" + clientId + ", requestTimeout="
                + requestTimeout + ", maxInFlightRequestsPerConnection=" + maxInFlightRequestsPerConnection
                + ", securityProtocol=" + securityProtocol + (sasl == null ? "" : ", sasl=" + sasl) + "}";
    }

    /** Builds {@link ClientOptions}; not thread-safe. */
    public static final class Builder {
        private List<String> bootstrapServers = new ArrayList<>();
        private String clientId = DEFAULT_CLIENT_ID;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration socketConnectionSetupTimeout = DEFAULT_SOCKET_CONNECTION_SETUP_TIMEOUT;
        private Duration reconnectBackoff = DEFAULT_RECONNECT_BACKOFF;
        private Duration reconnectBackoffMax = DEFAULT_RECONNECT_BACKOFF_MAX;
        private Duration retryBackoff = DEFAULT_RETRY_BACKOFF;
        private Duration retryBackoffMax = DEFAULT_RETRY_BACKOFF_MAX;
        private Duration connectionsMaxIdle = DEFAULT_CONNECTIONS_MAX_IDLE;
        private Duration metadataMaxAge = DEFAULT_METADATA_MAX_AGE;
        private int maxInFlightRequestsPerConnection = DEFAULT_MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION;
        private int maxResponseSize = DEFAULT_MAX_RESPONSE_SIZE;
        private ClientDnsLookup clientDnsLookup = DEFAULT_CLIENT_DNS_LOOKUP;
        private SecurityProtocol securityProtocol = SecurityProtocol.PLAINTEXT;
        private @Nullable SslOptions ssl;
        private @Nullable SaslOptions sasl;

        private Builder() {}

        /** Comma-separated {@code host:port} list, as in kafka-clients' {@code bootstrap.servers}. */
        public Builder bootstrapServers(String commaSeparated) {
            Objects.requireNonNull(commaSeparated, "bootstrapServers");
            List<String> list = new ArrayList<>();
            for (String part : commaSeparated.split(",")) {
                if (!part.isBlank()) {
                    list.add(part.trim());
                }
            }
            this.bootstrapServers = list;
            return this;
        }

        public Builder bootstrapServers(List<String> addresses) {
            this.bootstrapServers = new ArrayList<>(Objects.requireNonNull(addresses, "bootstrapServers"));
            return this;
        }

        public Builder clientId(String clientId) {
            this.clientId = Objects.requireNonNull(clientId, "clientId");
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout, "requestTimeout");
            return this;
        }

        public Builder socketConnectionSetupTimeout(Duration timeout) {
            this.socketConnectionSetupTimeout = Objects.requireNonNull(timeout, "socketConnectionSetupTimeout");
            return this;
        }

        public Builder reconnectBackoff(Duration backoff) {
            this.reconnectBackoff = Objects.requireNonNull(backoff, "reconnectBackoff");
            return this;
        }

        public Builder reconnectBackoffMax(Duration backoff) {
            this.reconnectBackoffMax = Objects.requireNonNull(backoff, "reconnectBackoffMax");
            return this;
        }

        public Builder retryBackoff(Duration backoff) {
            this.retryBackoff = Objects.requireNonNull(backoff, "retryBackoff");
            return this;
        }

        public Builder retryBackoffMax(Duration backoff) {
            this.retryBackoffMax = Objects.requireNonNull(backoff, "retryBackoffMax");
            return this;
        }

        public Builder connectionsMaxIdle(Duration idle) {
            this.connectionsMaxIdle = Objects.requireNonNull(idle, "connectionsMaxIdle");
            return this;
        }

        public Builder metadataMaxAge(Duration age) {
            this.metadataMaxAge = Objects.requireNonNull(age, "metadataMaxAge");
            return this;
        }

        public Builder maxInFlightRequestsPerConnection(int max) {
            this.maxInFlightRequestsPerConnection = max;
            return this;
        }

        public Builder maxResponseSize(int bytes) {
            this.maxResponseSize = bytes;
            return this;
        }

        public Builder clientDnsLookup(ClientDnsLookup lookup) {
            this.clientDnsLookup = Objects.requireNonNull(lookup, "clientDnsLookup");
            return this;
        }

        /**
         * Applies settings given by their Kafka names, as a kafka-clients user writes them: {@code
         * bootstrap.servers}, {@code client.id}, {@code request.timeout.ms}, ... and the security
         * settings {@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config}
         * (PLAIN and SCRAM: user name and password are taken from it) and {@code ssl.*} (key and
         * trust stores, PEM material, protocols, cipher suites, {@code
         * ssl.endpoint.identification.algorithm}). Names are applied in the map's order; a later
         * call, or a typed setter called afterwards, overrides. For OAUTHBEARER set {@code
         * sasl.mechanism} here and the token provider with {@link #sasl(SaslOptions)}.
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
         * @throws InvalidConfigurationException for a name that is unknown or only for producers,
         *     consumers or admin clients, and for a value that cannot be converted; the message
         *     names the setting, shows the value (never a secret's) and says what was expected
         */
        public Builder configure(Map<String, ?> config) {
            KafkaConfig.configureClient(this, config);
            return this;
        }

        /** {@code security.protocol}; PLAINTEXT by default. */
        public Builder securityProtocol(SecurityProtocol protocol) {
            this.securityProtocol = Objects.requireNonNull(protocol, "securityProtocol");
            return this;
        }

        /** TLS settings for SSL and SASL_SSL. */
        public Builder ssl(SslOptions ssl) {
            this.ssl = Objects.requireNonNull(ssl, "ssl");
            return this;
        }

        /** SASL mechanism and credentials for SASL_PLAINTEXT and SASL_SSL. */
        public Builder sasl(SaslOptions sasl) {
            this.sasl = Objects.requireNonNull(sasl, "sasl");
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws InvalidConfigurationException naming the first invalid setting
         */
        public ClientOptions build() {
            if (bootstrapServers.isEmpty()) {
                throw invalid("bootstrap.servers", "must name at least one host:port");
            }
            for (String address : bootstrapServers) {
                HostAndPort.parse(address, "bootstrap.servers");
            }
            positive("request.timeout.ms", requestTimeout);
            positive("socket.connection.setup.timeout.ms", socketConnectionSetupTimeout);
            notNegative("reconnect.backoff.ms", reconnectBackoff);
            notNegative("reconnect.backoff.max.ms", reconnectBackoffMax);
            notNegative("retry.backoff.ms", retryBackoff);
            notNegative("retry.backoff.max.ms", retryBackoffMax);
            positive("connections.max.idle.ms", connectionsMaxIdle);
            notNegative("metadata.max.age.ms", metadataMaxAge);
            if (maxInFlightRequestsPerConnection < 1) {
                throw invalid(
                        "max.in.flight.requests.per.connection",
                        "must be at least 1, was " + maxInFlightRequestsPerConnection);
            }
            if (maxResponseSize < 1024) {
                throw invalid("max.response.size", "must be at least 1024 bytes, was " + maxResponseSize);
            }
            if (securityProtocol.usesSasl() && sasl == null) {
                throw invalid("sasl.mechanism", "security.protocol " + securityProtocol + " needs SASL settings");
            }
            if (!securityProtocol.usesSasl() && sasl != null) {
                throw invalid(
                        "security.protocol",
                        securityProtocol + " does not use SASL, but SASL settings are given"
                                + " (use SASL_SSL or SASL_PLAINTEXT)");
            }
            if (!securityProtocol.usesTls() && ssl != null) {
                throw invalid(
                        "security.protocol",
                        securityProtocol + " does not use TLS, but TLS settings are given" + " (use SSL or SASL_SSL)");
            }
            return new ClientOptions(this);
        }

        private static void positive(String name, Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw invalid(name, "must be positive, was " + value.toMillis() + " ms");
            }
        }

        private static void notNegative(String name, Duration value) {
            if (value.isNegative()) {
                throw invalid(name, "must not be negative, was " + value.toMillis() + " ms");
            }
        }

        static InvalidConfigurationException invalid(String name, String problem) {
            return new InvalidConfigurationException("Invalid value for " + name + ": " + problem);
        }
    }
}
