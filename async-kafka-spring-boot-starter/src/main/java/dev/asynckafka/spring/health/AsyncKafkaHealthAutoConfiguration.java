package dev.asynckafka.spring.health;

import dev.asynckafka.admin.AsyncKafkaAdmin;
import dev.asynckafka.spring.listener.AsyncKafkaListenerRegistry;
import dev.asynckafka.spring.listener.ListenerContainer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
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
            "dev.asynckafka.spring.listener.AsyncKafkaListenerAutoConfiguration"
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
        return new AsyncKafkaHealthIndicator(admin, () -> allContainers(listeners));
    }

    /**
     * The containers of every {@link AsyncKafkaListenerRegistry} bean, each once: an application
     * may define several registries, and they may share containers.
     */
    static List<ListenerContainer> allContainers(ObjectProvider<AsyncKafkaListenerRegistry> registries) {
        Set<ListenerContainer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<ListenerContainer> all = new ArrayList<>();
        registries.orderedStream().forEach(r -> {
            for (ListenerContainer c : r.containers()) {
                if (seen.add(c)) {
                    all.add(c);
                }
            }
        });
        return all;
    }
}
