package dev.asynckafka.spring.actuate;

import dev.asynckafka.producer.AsyncKafkaProducer;
import dev.asynckafka.spring.listener.AsyncKafkaListenerRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@link AsyncKafkaEndpoint}, with Spring Boot's Actuator on the class path; created only when
 * the endpoint is available (enabled and exposed: {@code
 * management.endpoints.web.exposure.include=asynckafka}, for example), and backs off for a user bean
 * of its type.
 */
@AutoConfiguration(
        afterName = {
            "dev.asynckafka.spring.autoconfigure.AsyncKafkaAutoConfiguration",
            "dev.asynckafka.spring.autoconfigure.AsyncKafkaListenerAutoConfiguration"
        })
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnAvailableEndpoint(AsyncKafkaEndpoint.class)
public final class AsyncKafkaEndpointAutoConfiguration {

    /** The endpoint over every listener registry bean and every producer bean. */
    @Bean
    @ConditionalOnMissingBean
    AsyncKafkaEndpoint asyncKafkaEndpoint(
            ObjectProvider<AsyncKafkaListenerRegistry> registries, ListableBeanFactory beanFactory) {
        return new AsyncKafkaEndpoint(() -> registries.orderedStream().toList(), () -> {
            Map<String, AsyncKafkaProducer<?, ?>> producers = new LinkedHashMap<>();
            // Singletons only, and only ones already created: a read must not create a producer.
            beanFactory.getBeansOfType(AsyncKafkaProducer.class, false, false).forEach(producers::put);
            return producers;
        });
    }
}
