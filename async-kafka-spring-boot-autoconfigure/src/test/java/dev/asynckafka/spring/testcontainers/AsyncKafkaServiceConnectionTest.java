package dev.asynckafka.spring.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.spring.autoconfigure.AsyncKafkaConnectionDetails;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.boot.testcontainers.service.connection.ServiceConnectionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.testcontainers.kafka.ConfluentKafkaContainer;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The factories resolve through Spring Boot's service connection machinery ({@code
 * ServiceConnectionAutoConfiguration} looks them up in {@code spring.factories} with {@code
 * ConnectionDetailsFactories}) for a {@code @ServiceConnection} container bean, without Docker: the
 * containers are fakes whose {@code start()} does nothing (Boot starts a container before reading
 * its details) and whose {@code getBootstrapServers()} returns a fixed address, since the real one
 * needs a running container's mapped port. What this proves: registration, type matching
 * and that the details report what the container reports. What it does not: the real mapped
 * address of a running broker ({@link AsyncKafkaContainerConnectionIT} checks that where Docker
 * exists).
 */
class AsyncKafkaServiceConnectionTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ServiceConnectionAutoConfiguration.class));

    @Test
    void whenAKafkaContainerBeanIsAServiceConnectionThenDetailsCarryItsBootstrapServers() {
        runner.withUserConfiguration(ApacheContainerConfig.class).run(context -> {
            assertThat(context).hasSingleBean(AsyncKafkaConnectionDetails.class);
            assertThat(context.getBean(AsyncKafkaConnectionDetails.class).getBootstrapServers())
                    .containsExactly("apache-host:19092");
        });
    }

    @Test
    void whenAConfluentContainerBeanIsAServiceConnectionThenDetailsCarryItsBootstrapServers() {
        runner.withUserConfiguration(ConfluentContainerConfig.class).run(context -> {
            assertThat(context).hasSingleBean(AsyncKafkaConnectionDetails.class);
            assertThat(context.getBean(AsyncKafkaConnectionDetails.class).getBootstrapServers())
                    .containsExactly("confluent-host:29092");
        });
    }

    @Test
    void whenTheContainerIsNoServiceConnectionThenNoDetails() {
        runner.withUserConfiguration(PlainContainerConfig.class)
                .run(context -> assertThat(context).doesNotHaveBean(AsyncKafkaConnectionDetails.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class ApacheContainerConfig {
        @Bean
        @ServiceConnection
        KafkaContainer kafka() {
            return new KafkaContainer("apache/kafka:4.1.0") {
                @Override
                public void start() {
                    // Stands in for a running container: Boot starts it before reading details.
                }

                @Override
                public String getBootstrapServers() {
                    return "apache-host:19092";
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ConfluentContainerConfig {
        @Bean
        @ServiceConnection
        ConfluentKafkaContainer kafka() {
            return new ConfluentKafkaContainer("confluentinc/cp-kafka:7.8.0") {
                @Override
                public void start() {
                    // Stands in for a running container: Boot starts it before reading details.
                }

                @Override
                public String getBootstrapServers() {
                    return "confluent-host:29092";
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class PlainContainerConfig {
        @Bean
        KafkaContainer kafka() {
            return new KafkaContainer("apache/kafka:4.1.0");
        }
    }
}
