package dev.asynckafka.spring.autoconfigure;

import java.util.List;

/** {@link AsyncKafkaConnectionDetails} from {@code async-kafka.bootstrap-servers}. */
final class PropertiesAsyncKafkaConnectionDetails implements AsyncKafkaConnectionDetails {
    private final AsyncKafkaProperties properties;

    PropertiesAsyncKafkaConnectionDetails(AsyncKafkaProperties properties) {
        this.properties = properties;
    }

    @Override
    public List<String> getBootstrapServers() {
        return List.copyOf(properties.getBootstrapServers());
    }
}
