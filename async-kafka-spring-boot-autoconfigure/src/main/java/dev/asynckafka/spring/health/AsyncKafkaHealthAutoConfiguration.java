package dev.asynckafka.spring.health;

import dev.asynckafka.admin.AsyncKafkaAdmin;
import dev.asynckafka.spring.listener.AsyncKafkaListenerRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code asyncKafka} health indicator, active with Spring Boot's health module on the class
 * path and an {@link AsyncKafkaAdmin} bean; {@code management.health.async-kafka.enabled=false}
 * turns it off, and a user bean named {@code asyncKafkaHealthIndicator} or {@code
 * asyncKafkaHealthContributor} replaces it.
 */
@AutoConfiguration(
        afterName = {
            "dev.asynckafka.spring.autoconfigure.AsyncKafkaAutoConfiguration",
            "dev.asynckafka.spring.autoconfigure.AsyncKafkaListenerAutoConfiguration"
        })
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(AsyncKafkaAdmin.class)
@ConditionalOnEnabledHealthIndicator("async-kafka")
public final class AsyncKafkaHealthAutoConfiguration {

    /** Cluster reachability and the states of the containers of every listener registry bean. */
    @Bean
    @ConditionalOnMissingBean(name = {"asyncKafkaHealthIndicator", "asyncKafkaHealthContributor"})
    AsyncKafkaHealthIndicator asyncKafkaHealthIndicator(
            AsyncKafkaAdmin admin, ObjectProvider<AsyncKafkaListenerRegistry> listeners) {
        return new AsyncKafkaHealthIndicator(
                admin, () -> AsyncKafkaListenerRegistry.containersOf(listeners.orderedStream()));
    }
}
