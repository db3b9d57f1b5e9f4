package dev.asynckafka.spring.autoconfigure;

import dev.asynckafka.ClientOptions.ClientDnsLookup;
import dev.asynckafka.consumer.AutoOffsetReset;
import dev.asynckafka.consumer.IsolationLevel;
import dev.asynckafka.record.CompressionType;
import dev.asynckafka.security.SaslMechanism;
import dev.asynckafka.security.SecurityProtocol;
import dev.asynckafka.spring.core.SerdeType;
import dev.asynckafka.spring.listener.ListenerSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * The "async-kafka.*" configuration. Defaults equal the core's "DEFAULT_*" constants
 * (which follow kafka-clients). Settings without a typed property can be given by their Kafka names
 * in the "properties" maps, an escape hatch.
 *
 * <p>Bound values are validated when bound (see {@link #validate(Object, Errors)}); the rules of
 * the core option builders are checked when the client beans are created at startup. Either way an
 * invalid value fails startup with a message naming the property.
 */
@ConfigurationProperties("async-kafka")
public class AsyncKafkaProperties implements Validator {
    static final String PREFIX = "async-kafka";

    /** Kafka addresses ("host:port") tried in turn to discover the cluster. */
    private List<String> bootstrapServers = new ArrayList<>(List.of("localhost:9092"));

    /**
     * Client id sent with every request (shows in broker logs and quotas). Defaults to "spring.application.name" if set, else "async-kafka".
     */
    private @Nullable String clientId;

    /** How long one request may wait for its response. */
    private Duration requestTimeout = Duration.ofSeconds(30);

    /** How long a TCP connect to a broker may take. */
    private Duration socketConnectionSetupTimeout = Duration.ofSeconds(10);

    /** First wait before reconnecting to a broker that failed. */
    private Duration reconnectBackoff = Duration.ofMillis(50);

    /** Cap of the exponential reconnect backoff. */
    private Duration reconnectBackoffMax = Duration.ofSeconds(1);

    /** First wait before retrying a failed operation. */
    private Duration retryBackoff = Duration.ofMillis(100);

    /** Cap of the exponential retry backoff. */
    private Duration retryBackoffMax = Duration.ofSeconds(1);

    /** Idle connections are closed after this long. */
    private Duration connectionsMaxIdle = Duration.ofMinutes(9);

    /** Cluster metadata is refreshed at least this often. */
    private Duration metadataMaxAge = Duration.ofMinutes(5);

    /** Unanswered requests allowed on one connection. */
    private int maxInFlightRequestsPerConnection = 5;

    /** How broker host names are resolved to addresses. */
    private ClientDnsLookup clientDnsLookup = ClientDnsLookup.USE_ALL_DNS_IPS;

    /**
     * Event loop threads shared by every client of the application. Defaults to the number of
     * available processors.
     */
    private @Nullable Integer ioThreads;

    /** How long the producer and admin beans and the event loops may take to close on shutdown. */
    private Duration closeTimeout = Duration.ofSeconds(30);

    /**
     * Extra settings by their Kafka names (for example "metadata.max.age.ms"), applied to every
     * client; keys that only apply to another kind of client are ignored there. An escape hatch:
     * prefer the typed properties.
     */
    private Map<String, String> properties = new LinkedHashMap<>();

    private final Producer producer = new Producer();
    private final Consumer consumer = new Consumer();
    private final Admin admin = new Admin();
    private final Listener listener = new Listener();
    private final Security security = new Security();
    private final Ssl ssl = new Ssl();

    public List<String> getBootstrapServers() {
        return bootstrapServers;
    }

    public void setBootstrapServers(List<String> bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public @Nullable String getClientId() {
        return clientId;
    }

    public void setClientId(@Nullable String clientId) {
        this.clientId = clientId;
    }

    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public Duration getSocketConnectionSetupTimeout() {
        return socketConnectionSetupTimeout;
    }

    public void setSocketConnectionSetupTimeout(Duration socketConnectionSetupTimeout) {
        this.socketConnectionSetupTimeout = socketConnectionSetupTimeout;
    }

    public Duration getReconnectBackoff() {
        return reconnectBackoff;
    }

    public void setReconnectBackoff(Duration reconnectBackoff) {
        this.reconnectBackoff = reconnectBackoff;
    }

    public Duration getReconnectBackoffMax() {
        return reconnectBackoffMax;
    }

    public void setReconnectBackoffMax(Duration reconnectBackoffMax) {
        this.reconnectBackoffMax = reconnectBackoffMax;
    }

    public Duration getRetryBackoff() {
        return retryBackoff;
    }

    public void setRetryBackoff(Duration retryBackoff) {
        this.retryBackoff = retryBackoff;
    }

    public Duration getRetryBackoffMax() {
        return retryBackoffMax;
    }

    public void setRetryBackoffMax(Duration retryBackoffMax) {
        this.retryBackoffMax = retryBackoffMax;
    }

    public Duration getConnectionsMaxIdle() {
        return connectionsMaxIdle;
    }

    public void setConnectionsMaxIdle(Duration connectionsMaxIdle) {
        this.connectionsMaxIdle = connectionsMaxIdle;
    }

    public Duration getMetadataMaxAge() {
        return metadataMaxAge;
    }

    public void setMetadataMaxAge(Duration metadataMaxAge) {
        this.metadataMaxAge = metadataMaxAge;
    }

    public int getMaxInFlightRequestsPerConnection() {
        return maxInFlightRequestsPerConnection;
    }

    public void setMaxInFlightRequestsPerConnection(int maxInFlightRequestsPerConnection) {
        this.maxInFlightRequestsPerConnection = maxInFlightRequestsPerConnection;
    }

    public ClientDnsLookup getClientDnsLookup() {
        return clientDnsLookup;
    }

    public void setClientDnsLookup(ClientDnsLookup clientDnsLookup) {
        this.clientDnsLookup = clientDnsLookup;
    }

    public @Nullable Integer getIoThreads() {
        return ioThreads;
    }

    public void setIoThreads(@Nullable Integer ioThreads) {
        this.ioThreads = ioThreads;
    }

    public Duration getCloseTimeout() {
        return closeTimeout;
    }

    public void setCloseTimeout(Duration closeTimeout) {
        this.closeTimeout = closeTimeout;
    }

    public Map<String, String> getProperties() {
        return properties;
    }

    public void setProperties(Map<String, String> properties) {
        this.properties = properties;
    }

    public Producer getProducer() {
        return producer;
    }

    public Consumer getConsumer() {
        return consumer;
    }

    public Admin getAdmin() {
        return admin;
    }

    public Listener getListener() {
        return listener;
    }

    public Security getSecurity() {
        return security;
    }

    public Ssl getSsl() {
        return ssl;
    }

    @Override
    public boolean supports(Class<?> type) {
        return AsyncKafkaProperties.class.isAssignableFrom(type);
    }

    /**
     * Checks what the core option builders do not see: the listener settings, the shared resources
     * and sizes that must fit the core's types. Each error names the full property.
     */
    @Override
    public void validate(Object target, Errors errors) {
        PropertiesValidation.validate((AsyncKafkaProperties) target, errors);
    }

    /** "async-kafka.producer.*": the producer bean and factory-made producers. */
    public static class Producer {
        /** Replicas that must have a record before it is acknowledged: "all" (or "-1"), "1" or "0". */
        private String acks = "all";

        /**
         * Whether the producer is idempotent (no duplicates from retries). Unset: on unless acks,
         * retries or max-in-flight conflict, as in kafka-clients; true with a conflict fails startup.
         */
        private @Nullable Boolean enableIdempotence;

        /** Target size of one partition's batch. */
        private DataSize batchSize = DataSize.ofBytes(16384);

        /** How long a batch that is not full waits for more records. */
        private Duration linger = Duration.ofMillis(5);

        /** Compression codec of record batches. */
        private CompressionType compressionType = CompressionType.NONE;

        /** Memory for records waiting to be sent or acknowledged. */
        private DataSize bufferMemory = DataSize.ofMegabytes(32);

        /** How long a send may wait for metadata and buffer space before its future fails. */
        private Duration maxBlock = Duration.ofSeconds(60);

        /** Largest record and largest Produce request. */
        private DataSize maxRequestSize = DataSize.ofMegabytes(1);

        /** Time from send until a record is acknowledged or failed, retries included. */
        private Duration deliveryTimeout = Duration.ofMinutes(2);

        /** How often a failed batch is retried within the delivery timeout. */
        private int retries = 2_147_483_647;

        /** Whether keyed records are partitioned as keyless ones. */
        private boolean partitionerIgnoreKeys = false;

        /** Serializer of the producer bean's keys. */
        private SerdeType keySerializer = SerdeType.AUTO;

        /** Serializer of the producer bean's values. */
        private SerdeType valueSerializer = SerdeType.AUTO;

        /** Extra producer settings by their Kafka names; win over the global properties map. */
        private Map<String, String> properties = new LinkedHashMap<>();

        public String getAcks() {
            return acks;
        }

        public void setAcks(String acks) {
            this.acks = acks;
        }

        public @Nullable Boolean getEnableIdempotence() {
            return enableIdempotence;
        }

        public void setEnableIdempotence(@Nullable Boolean enableIdempotence) {
            this.enableIdempotence = enableIdempotence;
        }

        public DataSize getBatchSize() {
            return batchSize;
        }

        public void setBatchSize(DataSize batchSize) {
            this.batchSize = batchSize;
        }

        public Duration getLinger() {
            return linger;
        }

        public void setLinger(Duration linger) {
            this.linger = linger;
        }

        public CompressionType getCompressionType() {
            return compressionType;
        }

        public void setCompressionType(CompressionType compressionType) {
            this.compressionType = compressionType;
        }

        public DataSize getBufferMemory() {
            return bufferMemory;
        }

        public void setBufferMemory(DataSize bufferMemory) {
            this.bufferMemory = bufferMemory;
        }

        public Duration getMaxBlock() {
            return maxBlock;
        }

        public void setMaxBlock(Duration maxBlock) {
            this.maxBlock = maxBlock;
        }

        public DataSize getMaxRequestSize() {
            return maxRequestSize;
        }

        public void setMaxRequestSize(DataSize maxRequestSize) {
            this.maxRequestSize = maxRequestSize;
        }

        public Duration getDeliveryTimeout() {
            return deliveryTimeout;
        }

        public void setDeliveryTimeout(Duration deliveryTimeout) {
            this.deliveryTimeout = deliveryTimeout;
        }

        public int getRetries() {
            return retries;
        }

        public void setRetries(int retries) {
            this.retries = retries;
        }

        public boolean isPartitionerIgnoreKeys() {
            return partitionerIgnoreKeys;
        }

        public void setPartitionerIgnoreKeys(boolean partitionerIgnoreKeys) {
            this.partitionerIgnoreKeys = partitionerIgnoreKeys;
        }

        public SerdeType getKeySerializer() {
            return keySerializer;
        }

        public void setKeySerializer(SerdeType keySerializer) {
            this.keySerializer = keySerializer;
        }

        public SerdeType getValueSerializer() {
            return valueSerializer;
        }

        public void setValueSerializer(SerdeType valueSerializer) {
            this.valueSerializer = valueSerializer;
        }

        public Map<String, String> getProperties() {
            return properties;
        }

        public void setProperties(Map<String, String> properties) {
            this.properties = properties;
        }
    }

    /** "async-kafka.consumer.*": consumers made by the client factory (and listener containers). */
    public static class Consumer {
        /** Consumer group of consumers that do not name their own. */
        private @Nullable String groupId;

        /** Static membership id (group.instance.id); needs a group id. */
        private @Nullable String groupInstanceId;

        /** Where a partition without a committed offset starts. */
        private AutoOffsetReset autoOffsetReset = AutoOffsetReset.LATEST;

        /** Which records of transactions are returned. */
        private IsolationLevel isolationLevel = IsolationLevel.READ_UNCOMMITTED;

        /** How long the group coordinator waits for a heartbeat before removing the member. */
        private Duration sessionTimeout = Duration.ofSeconds(45);

        /** How often heartbeats are sent; must be lower than the session timeout. */
        private Duration heartbeatInterval = Duration.ofSeconds(3);

        /** How long the group waits for members to rejoin in a rebalance. */
        private Duration rebalanceTimeout = Duration.ofSeconds(60);

        /** How long the consumer may go without taking records before it leaves the group. */
        private Duration maxPollInterval = Duration.ofMinutes(5);

        /**
         * Whether the consumer commits the positions of records handed out periodically. Listener
         * containers commit processed offsets themselves and turn this off.
         */
        private boolean enableAutoCommit = true;

        /** How often positions are auto-committed. */
        private Duration autoCommitInterval = Duration.ofSeconds(5);

        /** Least data a fetch response should hold; the broker waits up to fetch-max-wait for it. */
        private int fetchMinBytes = 1;

        /** Most data one fetch response may hold. */
        private int fetchMaxBytes = 52_428_800;

        /** How long the broker may hold a fetch to gather fetch-min-bytes. */
        private Duration fetchMaxWait = Duration.ofMillis(500);

        /** Most data returned for one partition in a fetch. */
        private int maxPartitionFetchBytes = 1_048_576;

        /** A partition is fetched only while it buffers fewer bytes than this. */
        private int partitionBufferBytes = 1_048_576;

        /** No partition is fetched while the consumer buffers this many bytes or more. */
        private long totalBufferBytes = 67_108_864L;

        /** Whether record batch checksums are verified. */
        private boolean checkCrcs = true;

        /** Rack of the consumer, for fetching from the closest replica. */
        private String clientRack = "";

        /** Time budget of consumer operations such as commits and offset lookups. */
        private Duration defaultApiTimeout = Duration.ofMinutes(1);

        /** Partition assignors by name, preferred first: range, roundrobin, sticky, cooperative-sticky. */
        private List<String> assignors = new ArrayList<>(List.of("range", "cooperative-sticky"));

        /** Deserializer of keys; "auto" picks by the type to deliver. */
        private SerdeType keyDeserializer = SerdeType.AUTO;

        /** Deserializer of values; "auto" picks by the type to deliver. */
        private SerdeType valueDeserializer = SerdeType.AUTO;

        /** Extra consumer settings by their Kafka names; win over the global properties map. */
        private Map<String, String> properties = new LinkedHashMap<>();

        public @Nullable String getGroupId() {
            return groupId;
        }

        public void setGroupId(@Nullable String groupId) {
            this.groupId = groupId;
        }

        public @Nullable String getGroupInstanceId() {
            return groupInstanceId;
        }

        public void setGroupInstanceId(@Nullable String groupInstanceId) {
            this.groupInstanceId = groupInstanceId;
        }

        public AutoOffsetReset getAutoOffsetReset() {
            return autoOffsetReset;
        }

        public void setAutoOffsetReset(AutoOffsetReset autoOffsetReset) {
            this.autoOffsetReset = autoOffsetReset;
        }

        public IsolationLevel getIsolationLevel() {
            return isolationLevel;
        }

        public void setIsolationLevel(IsolationLevel isolationLevel) {
            this.isolationLevel = isolationLevel;
        }

        public Duration getSessionTimeout() {
            return sessionTimeout;
        }

        public void setSessionTimeout(Duration sessionTimeout) {
            this.sessionTimeout = sessionTimeout;
        }

        public Duration getHeartbeatInterval() {
            return heartbeatInterval;
        }

        public void setHeartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = heartbeatInterval;
        }

        public Duration getRebalanceTimeout() {
            return rebalanceTimeout;
        }

        public void setRebalanceTimeout(Duration rebalanceTimeout) {
            this.rebalanceTimeout = rebalanceTimeout;
        }

        public Duration getMaxPollInterval() {
            return maxPollInterval;
        }

        public void setMaxPollInterval(Duration maxPollInterval) {
            this.maxPollInterval = maxPollInterval;
        }

        public boolean isEnableAutoCommit() {
            return enableAutoCommit;
        }

        public void setEnableAutoCommit(boolean enableAutoCommit) {
            this.enableAutoCommit = enableAutoCommit;
        }

        public Duration getAutoCommitInterval() {
            return autoCommitInterval;
        }

        public void setAutoCommitInterval(Duration autoCommitInterval) {
            this.autoCommitInterval = autoCommitInterval;
        }

        public int getFetchMinBytes() {
            return fetchMinBytes;
        }

        public void setFetchMinBytes(int fetchMinBytes) {
            this.fetchMinBytes = fetchMinBytes;
        }

        public int getFetchMaxBytes() {
            return fetchMaxBytes;
        }

        public void setFetchMaxBytes(int fetchMaxBytes) {
            this.fetchMaxBytes = fetchMaxBytes;
        }

        public Duration getFetchMaxWait() {
            return fetchMaxWait;
        }

        public void setFetchMaxWait(Duration fetchMaxWait) {
            this.fetchMaxWait = fetchMaxWait;
        }

        public int getMaxPartitionFetchBytes() {
            return maxPartitionFetchBytes;
        }

        public void setMaxPartitionFetchBytes(int maxPartitionFetchBytes) {
            this.maxPartitionFetchBytes = maxPartitionFetchBytes;
        }

        public int getPartitionBufferBytes() {
            return partitionBufferBytes;
        }

        public void setPartitionBufferBytes(int partitionBufferBytes) {
            this.partitionBufferBytes = partitionBufferBytes;
        }

        public long getTotalBufferBytes() {
            return totalBufferBytes;
        }

        public void setTotalBufferBytes(long totalBufferBytes) {
            this.totalBufferBytes = totalBufferBytes;
        }

        public boolean isCheckCrcs() {
            return checkCrcs;
        }

        public void setCheckCrcs(boolean checkCrcs) {
            this.checkCrcs = checkCrcs;
        }

        public String getClientRack() {
            return clientRack;
        }

        public void setClientRack(String clientRack) {
            this.clientRack = clientRack;
        }

        public Duration getDefaultApiTimeout() {
            return defaultApiTimeout;
        }

        public void setDefaultApiTimeout(Duration defaultApiTimeout) {
            this.defaultApiTimeout = defaultApiTimeout;
        }

        public List<String> getAssignors() {
            return assignors;
        }

        public void setAssignors(List<String> assignors) {
            this.assignors = assignors;
        }

        public SerdeType getKeyDeserializer() {
            return keyDeserializer;
        }

        public void setKeyDeserializer(SerdeType keyDeserializer) {
            this.keyDeserializer = keyDeserializer;
        }

        public SerdeType getValueDeserializer() {
            return valueDeserializer;
        }

        public void setValueDeserializer(SerdeType valueDeserializer) {
            this.valueDeserializer = valueDeserializer;
        }

        public Map<String, String> getProperties() {
            return properties;
        }

        public void setProperties(Map<String, String> properties) {
            this.properties = properties;
        }
    }

    /** "async-kafka.admin.*": the admin bean and factory-made admin clients. */
    public static class Admin {
        /** Time budget of one admin operation, retries included. */
        private Duration defaultApiTimeout = Duration.ofMinutes(1);

        /** Extra admin settings by their Kafka names; win over the global properties map. */
        private Map<String, String> properties = new LinkedHashMap<>();

        public Duration getDefaultApiTimeout() {
            return defaultApiTimeout;
        }

        public void setDefaultApiTimeout(Duration defaultApiTimeout) {
            this.defaultApiTimeout = defaultApiTimeout;
        }

        public Map<String, String> getProperties() {
            return properties;
        }

        public void setProperties(Map<String, String> properties) {
            this.properties = properties;
        }
    }

    /** "async-kafka.listener.*": the "@AsyncKafkaListener" containers. */
    public static class Listener {
        /** Whether listener containers start with the application context. */
        private boolean autoStartup = true;

        /** Most partitions of one container processed at once. */
        private int concurrency = 8;

        /** Records taken from the consumer per partition at a time (the capacity of a partition's lane). */
        private int maxRecordsPerLane = 100;

        /** Most records handed to a batch listener at once. */
        private int batchMaxRecords = 500;

        /** How often processed offsets are committed (also on revocation and shutdown). */
        private Duration commitInterval = Duration.ofSeconds(5);

        /** How long a stopping container waits for in-flight records before it commits and leaves. */
        private Duration shutdownTimeout = Duration.ofSeconds(30);

        /** Which threads run listener methods. */
        private ListenerSettings.ExecutorType executor = ListenerSettings.ExecutorType.AUTO;

        private final Retry retry = new Retry();
        private final DeadLetter deadLetter = new DeadLetter();

        public boolean isAutoStartup() {
            return autoStartup;
        }

        public void setAutoStartup(boolean autoStartup) {
            this.autoStartup = autoStartup;
        }

        public int getConcurrency() {
            return concurrency;
        }

        public void setConcurrency(int concurrency) {
            this.concurrency = concurrency;
        }

        public int getMaxRecordsPerLane() {
            return maxRecordsPerLane;
        }

        public void setMaxRecordsPerLane(int maxRecordsPerLane) {
            this.maxRecordsPerLane = maxRecordsPerLane;
        }

        public int getBatchMaxRecords() {
            return batchMaxRecords;
        }

        public void setBatchMaxRecords(int batchMaxRecords) {
            this.batchMaxRecords = batchMaxRecords;
        }

        public Duration getCommitInterval() {
            return commitInterval;
        }

        public void setCommitInterval(Duration commitInterval) {
            this.commitInterval = commitInterval;
        }

        public Duration getShutdownTimeout() {
            return shutdownTimeout;
        }

        public void setShutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
        }

        public ListenerSettings.ExecutorType getExecutor() {
            return executor;
        }

        public void setExecutor(ListenerSettings.ExecutorType executor) {
            this.executor = executor;
        }

        public Retry getRetry() {
            return retry;
        }

        public DeadLetter getDeadLetter() {
            return deadLetter;
        }

        /** These settings as the listener containers take them. */
        public ListenerSettings toSettings() {
            return new ListenerSettings(
                    autoStartup,
                    concurrency,
                    maxRecordsPerLane,
                    batchMaxRecords,
                    commitInterval,
                    shutdownTimeout,
                    new ListenerSettings.Retry(
                            retry.getMaxAttempts(),
                            new ListenerSettings.Backoff(
                                    retry.getBackoff().getInitial(),
                                    retry.getBackoff().getMultiplier(),
                                    retry.getBackoff().getMax())),
                    new ListenerSettings.DeadLetter(deadLetter.isEnabled(), deadLetter.getTopicSuffix()),
                    executor);
        }

        /** "async-kafka.listener.retry.*": how a failing record is tried again, in place. */
        public static class Retry {
            /** Attempts per record, the first included; 1 means no retry. */
            private int maxAttempts = 3;

            private final Backoff backoff = new Backoff();

            public int getMaxAttempts() {
                return maxAttempts;
            }

            public void setMaxAttempts(int maxAttempts) {
                this.maxAttempts = maxAttempts;
            }

            public Backoff getBackoff() {
                return backoff;
            }

            /** "async-kafka.listener.retry.backoff.*": exponential wait between attempts. */
            public static class Backoff {
                /** Wait before the second attempt. */
                private Duration initial = Duration.ofMillis(500);

                /** Factor applied to the wait after each attempt. */
                private double multiplier = 2.0;

                /** Longest wait between attempts. */
                private Duration max = Duration.ofSeconds(10);

                public Duration getInitial() {
                    return initial;
                }

                public void setInitial(Duration initial) {
                    this.initial = initial;
                }

                public double getMultiplier() {
                    return multiplier;
                }

                public void setMultiplier(double multiplier) {
                    this.multiplier = multiplier;
                }

                public Duration getMax() {
                    return max;
                }

                public void setMax(Duration max) {
                    this.max = max;
                }
            }
        }

        /** "async-kafka.listener.dead-letter.*": where records go after their last failed attempt. */
        public static class DeadLetter {
            /** Whether failed records are published to a dead-letter topic (then committed). */
            private boolean enabled = true;

            /** Appended to a record's topic to name its dead-letter topic. */
            private String topicSuffix = ".DLT";

            public boolean isEnabled() {
                return enabled;
            }

            public void setEnabled(boolean enabled) {
                this.enabled = enabled;
            }

            public String getTopicSuffix() {
                return topicSuffix;
            }

            public void setTopicSuffix(String topicSuffix) {
                this.topicSuffix = topicSuffix;
            }
        }
    }

    /** "async-kafka.security.*": "security.protocol" and SASL. */
    public static class Security {
        /** How connections to brokers are protected. */
        private SecurityProtocol protocol = SecurityProtocol.PLAINTEXT;

        private final Sasl sasl = new Sasl();

        public SecurityProtocol getProtocol() {
            return protocol;
        }

        public void setProtocol(SecurityProtocol protocol) {
            this.protocol = protocol;
        }

        public Sasl getSasl() {
            return sasl;
        }
    }

    /** "async-kafka.security.sasl.*": mechanism and credentials for SASL_PLAINTEXT and SASL_SSL. */
    public static class Sasl {
        /** SASL mechanism: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 or OAUTHBEARER. */
        private @Nullable SaslMechanism mechanism;

        /** User name for PLAIN and SCRAM. */
        private @Nullable String username;

        /** Password for PLAIN and SCRAM; never logged or shown in messages. */
        private @Nullable String password;

        private final OAuthBearer oauthbearer = new OAuthBearer();

        public @Nullable SaslMechanism getMechanism() {
            return mechanism;
        }

        public void setMechanism(@Nullable SaslMechanism mechanism) {
            this.mechanism = mechanism;
        }

        public @Nullable String getUsername() {
            return username;
        }

        public void setUsername(@Nullable String username) {
            this.username = username;
        }

        public @Nullable String getPassword() {
            return password;
        }

        public void setPassword(@Nullable String password) {
            this.password = password;
        }

        public OAuthBearer getOauthbearer() {
            return oauthbearer;
        }
    }

    /** "async-kafka.security.sasl.oauthbearer.*". */
    public static class OAuthBearer {
        /**
         * A static bearer token for OAUTHBEARER (tests, long-lived tokens). An "OAuthBearerTokenProvider" bean wins over it.
         */
        private @Nullable String token;

        public @Nullable String getToken() {
            return token;
        }

        public void setToken(@Nullable String token) {
            this.token = token;
        }
    }

    /** "async-kafka.ssl.*": TLS through a Spring Boot SSL bundle. */
    public static class Ssl {
        /**
         * Name of the Spring Boot SSL bundle ("spring.ssl.bundle.*") whose trust and key
         * material, protocols and ciphers TLS connections use. Unset: the JDK's default trust store.
         */
        private @Nullable String bundle;

        /**
         * Whether a broker's certificate must match the host name connected to. Turn off only for
         * test setups: it allows man-in-the-middle attacks.
         */
        private boolean endpointIdentification = true;

        public @Nullable String getBundle() {
            return bundle;
        }

        public void setBundle(@Nullable String bundle) {
            this.bundle = bundle;
        }

        public boolean isEndpointIdentification() {
            return endpointIdentification;
        }

        public void setEndpointIdentification(boolean endpointIdentification) {
            this.endpointIdentification = endpointIdentification;
        }
    }
}
