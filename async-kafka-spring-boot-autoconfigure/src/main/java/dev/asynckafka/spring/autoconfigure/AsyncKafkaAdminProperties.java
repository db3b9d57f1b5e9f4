package dev.asynckafka.spring.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * "async-kafka.admin.*": the admin bean and factory-made admin clients.
 *
 * <p>The {@link AsyncKafkaProperties#getAdmin()} group of the configuration.
 */
public class AsyncKafkaAdminProperties {
    /** Time budget of one admin operation, retries included. */
    private Duration defaultApiTimeout = Duration.ofMinutes(1);

    /**
     * Whether the topics of NewTopic beans are created at startup (and grown when a bean asks for
     * more partitions than the topic has).
     */
    private boolean autoCreate = true;

    /**
     * Whether a NewTopic bean that cannot be applied (fewer partitions or another replication factor
     * than the topic has, an error, a cluster that does not answer) fails the startup instead of
     * being logged at WARN.
     */
    private boolean failFast = false;

    /** How long the startup waits for the cluster to create or check the NewTopic beans' topics. */
    private Duration operationTimeout = Duration.ofSeconds(30);

    /** Extra admin settings by their Kafka names; win over the global properties map. */
    private Map<String, String> properties = new LinkedHashMap<>();

    public Duration getDefaultApiTimeout() {
        return defaultApiTimeout;
    }

    public void setDefaultApiTimeout(Duration defaultApiTimeout) {
        this.defaultApiTimeout = defaultApiTimeout;
    }

    public boolean isAutoCreate() {
        return autoCreate;
    }

    public void setAutoCreate(boolean autoCreate) {
        this.autoCreate = autoCreate;
    }

    public boolean isFailFast() {
        return failFast;
    }

    public void setFailFast(boolean failFast) {
        this.failFast = failFast;
    }

    public Duration getOperationTimeout() {
        return operationTimeout;
    }

    public void setOperationTimeout(Duration operationTimeout) {
        this.operationTimeout = operationTimeout;
    }

    public Map<String, String> getProperties() {
        return properties;
    }

    public void setProperties(Map<String, String> properties) {
        this.properties = properties;
    }
}
