package dev.asynckafka.spring.autoconfigure;

import java.util.List;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where the Kafka cluster is. By default {@code async-kafka.bootstrap-servers}; a bean of this type
 * (for example from a Testcontainers service connection) wins over the property.
 */
public interface AsyncKafkaConnectionDetails extends ConnectionDetails {

    /** The bootstrap addresses, {@code host:port} each. */
    List<String> getBootstrapServers();
}
