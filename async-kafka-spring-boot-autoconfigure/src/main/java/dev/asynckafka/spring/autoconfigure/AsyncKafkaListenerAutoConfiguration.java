package dev.asynckafka.spring.autoconfigure;

import dev.asynckafka.spring.core.AsyncKafkaClientFactory;
import dev.asynckafka.spring.core.AsyncKafkaSerdes;
import dev.asynckafka.spring.listener.AsyncKafkaListener;
import dev.asynckafka.spring.listener.AsyncKafkaListenerAnnotationBeanPostProcessor;
import dev.asynckafka.spring.listener.DefaultAsyncKafkaListenerRegistry;
import dev.asynckafka.spring.listener.ListenerErrorHandler;
import dev.asynckafka.spring.listener.ListenerErrorHandlers;
import dev.asynckafka.spring.listener.ListenerObserver;
import dev.asynckafka.spring.listener.ListenerSettings;
import dev.asynckafka.spring.listener.ListenerTransactionSettings;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * {@link AsyncKafkaListener} support: the annotation post-processor, the listener registry (which
 * starts and stops the containers with the context) and the default error handler (dead letters,
 * or logging when {@code async-kafka.listener.dead-letter.enabled=false}). Active when an
 * {@link AsyncKafkaClientFactory} exists; every bean backs off for a user bean of its type (also
 * for those {@code @EnableAsyncKafka} registers, which have the same names).
 */
@AutoConfiguration(after = AsyncKafkaAutoConfiguration.class)
@ConditionalOnBean(AsyncKafkaClientFactory.class)
public final class AsyncKafkaListenerAutoConfiguration {

    /** Default listener settings, for contexts without {@code AsyncKafkaAutoConfiguration}'s properties-backed bean. */
    @Bean
    @ConditionalOnMissingBean
    ListenerSettings asyncKafkaListenerSettings() {
        return ListenerSettings.DEFAULTS;
    }

    /** Publishes to dead-letter topics, or logs when they are disabled. */
    @Bean
    @ConditionalOnMissingBean
    ListenerErrorHandler asyncKafkaListenerErrorHandler(
            ListenerSettings settings, AsyncKafkaClientFactory factory, ObjectProvider<ListenerObserver> observers) {
        return ListenerErrorHandlers.defaultHandler(
                settings.deadLetter(), factory, () -> observers.orderedStream().toList());
    }

    /** The containers' registry and lifecycle. */
    @Bean
    @ConditionalOnMissingBean
    DefaultAsyncKafkaListenerRegistry asyncKafkaListenerRegistry(
            AsyncKafkaClientFactory factory,
            ListenerSettings settings,
            ListenerErrorHandler errorHandler,
            ObjectProvider<ListenerObserver> observers,
            ObjectProvider<AsyncKafkaSerdes> serdes,
            Environment environment) {
        boolean virtual = DefaultAsyncKafkaListenerRegistry.useVirtualThreads(
                settings.executor(), environment.getProperty("spring.threads.virtual.enabled", Boolean.class, false));
        DefaultAsyncKafkaListenerRegistry registry = new DefaultAsyncKafkaListenerRegistry(
                factory,
                errorHandler,
                () -> List.copyOf(observers.orderedStream().toList()),
                virtual);
        String prefix = environment.getProperty("async-kafka.producer.transaction-id-prefix");
        AsyncKafkaSerdes s = serdes.getIfAvailable();
        if (prefix != null && !prefix.isBlank() && s != null) {
            // Transactional listeners: see ListenerTransaction and the README's exactly-once section.
            registry.setTransactionSettings(
                    new ListenerTransactionSettings(prefix, s.keySerializer(), s.valueSerializer()));
        }
        return registry;
    }

    /** Finds {@link AsyncKafkaListener} methods; static so it does not initialize this class early. */
    @Bean
    @ConditionalOnMissingBean
    static AsyncKafkaListenerAnnotationBeanPostProcessor asyncKafkaListenerAnnotationBeanPostProcessor() {
        return new AsyncKafkaListenerAnnotationBeanPostProcessor();
    }
}
