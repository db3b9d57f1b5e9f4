package dev.asynckafka.spring.autoconfigure;

import dev.asynckafka.spring.core.AsyncKafkaClientFactory;
import dev.asynckafka.spring.core.AsyncKafkaSerdes;
import dev.asynckafka.spring.core.InvalidAsyncKafkaPropertyException;
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
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
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
            ObjectProvider<ListenerTransactionSettings> transactions,
            Environment environment) {
        boolean virtual = DefaultAsyncKafkaListenerRegistry.useVirtualThreads(
                settings.executor(), environment.getProperty("spring.threads.virtual.enabled", Boolean.class, false));
        DefaultAsyncKafkaListenerRegistry registry = new DefaultAsyncKafkaListenerRegistry(
                factory,
                errorHandler,
                () -> List.copyOf(observers.orderedStream().toList()),
                virtual);
        registry.setTransactionSettings(transactions.getIfAvailable());
        return registry;
    }

    /**
     * Makes the listener containers transactional (see {@link
     * dev.asynckafka.spring.listener.ListenerTransaction}) when {@code
     * async-kafka.producer.transaction-id-prefix} is set. A separate bean so that a registry
     * {@code @EnableAsyncKafka} registers reads it too. Fails at startup rather than running the
     * listeners without transactions when it cannot be built.
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "async-kafka.producer", name = "transaction-id-prefix")
    ListenerTransactionSettings asyncKafkaListenerTransactionSettings(
            ObjectProvider<AsyncKafkaSerdes> serdes, Environment environment) {
        String property = AsyncKafkaProperties.PREFIX + ".producer.transaction-id-prefix";
        String prefix = environment.getProperty(property);
        if (prefix == null || prefix.isBlank()) {
            throw new InvalidAsyncKafkaPropertyException(
                    property, "must not be blank (leave it unset for listeners without transactions)", null);
        }
        AsyncKafkaSerdes s = serdes.getIfAvailable();
        if (s == null) {
            throw new IllegalStateException(property + " makes the listener containers transactional, but there is"
                    + " no AsyncKafkaSerdes bean to serialize the records they send: define one (AsyncKafkaAutoConfiguration"
                    + " does)");
        }
        return new ListenerTransactionSettings(prefix, s.keySerializer(), s.valueSerializer());
    }

    /** Finds {@link AsyncKafkaListener} methods; static so it does not initialize this class early. */
    @Bean
    @ConditionalOnMissingBean
    static AsyncKafkaListenerAnnotationBeanPostProcessor asyncKafkaListenerAnnotationBeanPostProcessor() {
        return new AsyncKafkaListenerAnnotationBeanPostProcessor();
    }
}
