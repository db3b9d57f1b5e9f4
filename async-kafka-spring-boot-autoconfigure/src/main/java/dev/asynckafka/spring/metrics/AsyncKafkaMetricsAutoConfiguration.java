package dev.asynckafka.spring.metrics;

import dev.asynckafka.producer.AsyncKafkaProducer;
import dev.asynckafka.spring.listener.AsyncKafkaListenerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters for async-kafka, active when Micrometer is on the class path and the context
 * has a {@link MeterRegistry}: an {@link AsyncKafkaListenerMetrics} observer for the listener
 * containers and an {@link AsyncKafkaProducerMetrics} binder for the producer beans (bound by
 * Spring Boot's metrics auto-configuration, like every {@code MeterBinder} bean). Each backs off for
 * a user bean of its type.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
            "dev.asynckafka.spring.autoconfigure.AsyncKafkaAutoConfiguration",
            "dev.asynckafka.spring.autoconfigure.AsyncKafkaListenerAutoConfiguration"
        })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public final class AsyncKafkaMetricsAutoConfiguration {

    /** The consumer, partition and listener meters of the containers of every listener registry bean. */
    @Bean
    @ConditionalOnMissingBean
    AsyncKafkaListenerMetrics asyncKafkaListenerMetrics(
            MeterRegistry registry, ObjectProvider<AsyncKafkaListenerRegistry> listeners) {
        return new AsyncKafkaListenerMetrics(
                registry, () -> AsyncKafkaListenerRegistry.containersOf(listeners.orderedStream()));
    }

    /** The producer beans' counters and gauges, looked up when the registry binds it. */
    @Bean
    @ConditionalOnMissingBean
    AsyncKafkaProducerMetrics asyncKafkaProducerMetrics(ListableBeanFactory beanFactory) {
        return new AsyncKafkaProducerMetrics(() -> {
            Map<String, AsyncKafkaProducer<?, ?>> producers = new LinkedHashMap<>();
            beanFactory.getBeansOfType(AsyncKafkaProducer.class).forEach(producers::put);
            return producers;
        });
    }
}
