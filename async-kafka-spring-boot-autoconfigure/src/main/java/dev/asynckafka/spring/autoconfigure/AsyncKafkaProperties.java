package dev.asynckafka.spring.autoconfigure;

import dev.asynckafka.ClientOptions.ClientDnsLookup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * The "async-kafka.*" configuration. Defaults equal the core's "DEFAULT_*" constants
 * (which follow kafka-clients). Settings without a typed property can be given by their Kafka names
 * in the "properties" maps, an escape hatch.
 *
 * <p>The groups are separate classes: {@link AsyncKafkaProducerProperties}, {@link
 * AsyncKafkaConsumerProperties}, {@link AsyncKafkaAdminProperties}, {@link
 * AsyncKafkaListenerProperties}, {@link AsyncKafkaSecurityProperties} and {@link
 * AsyncKafkaSslProperties}.
 *
 * <p>Bound values are validated when bound (see {@link #validate(Object, Errors)}); the rules of
 * the core option builders are checked when the client beans are created at startup. Either way an
 * invalid value fails startup with a message naming the property.
 *
 * <p>A key under {@code async-kafka} that matches no property (a misspelt setting) fails startup
 * too; Boot's report names it and where it was set. Environment variables and system properties
 * are exempt from this check, as Boot does for every strict binding.
 */
@ConfigurationProperties(prefix = "async-kafka", ignoreUnknownFields = false)
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

    // The groups live in their own classes (this one would be too long otherwise); the annotation
    // makes the metadata processor describe their properties under this prefix as before.
    @NestedConfigurationProperty
    private final AsyncKafkaProducerProperties producer = new AsyncKafkaProducerProperties();

    @NestedConfigurationProperty
    private final AsyncKafkaConsumerProperties consumer = new AsyncKafkaConsumerProperties();

    @NestedConfigurationProperty
    private final AsyncKafkaAdminProperties admin = new AsyncKafkaAdminProperties();

    @NestedConfigurationProperty
    private final AsyncKafkaListenerProperties listener = new AsyncKafkaListenerProperties();

    @NestedConfigurationProperty
    private final AsyncKafkaSecurityProperties security = new AsyncKafkaSecurityProperties();

    @NestedConfigurationProperty
    private final AsyncKafkaSslProperties ssl = new AsyncKafkaSslProperties();

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

    public AsyncKafkaProducerProperties getProducer() {
        return producer;
    }

    public AsyncKafkaConsumerProperties getConsumer() {
        return consumer;
    }

    public AsyncKafkaAdminProperties getAdmin() {
        return admin;
    }

    public AsyncKafkaListenerProperties getListener() {
        return listener;
    }

    public AsyncKafkaSecurityProperties getSecurity() {
        return security;
    }

    public AsyncKafkaSslProperties getSsl() {
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
}
