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
