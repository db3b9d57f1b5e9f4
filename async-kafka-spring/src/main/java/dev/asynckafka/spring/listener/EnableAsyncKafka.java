package dev.asynckafka.spring.listener;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;

/**
 * Enables {@link AsyncKafkaListener} methods in a Spring application without Spring Boot (with Boot
 * the auto-configuration does this, and the annotation is not needed). Put it on a
 * {@code @Configuration} class; it registers, unless beans of these names exist:
 *
 * <ul>
 *   <li>{@value AsyncKafkaListenerConfigurationRegistrar#POST_PROCESSOR}: finds the annotated
 *       methods and creates a container for each;
 *   <li>{@value AsyncKafkaListenerConfigurationRegistrar#REGISTRY}: the {@link
 *       DefaultAsyncKafkaListenerRegistry}, which starts the containers with the context and stops
 *       them, committing what was processed, when it closes;
 *   <li>a default error handler, used when the context has no {@link ListenerErrorHandler} bean:
 *       dead-letter topics or logging, as {@link ListenerSettings#deadLetter()} says.
 * </ul>
 *
 * <p>The context must provide an {@link dev.asynckafka.spring.core.AsyncKafkaClientFactory} and
 * an {@link dev.asynckafka.spring.core.AsyncKafkaSerdes}; a {@link ListenerSettings} bean and
 * {@link ListenerObserver} beans are used when present ({@link ListenerSettings#DEFAULTS}
 * otherwise), and a {@link ListenerTransactionSettings} bean makes the containers transactional
 * (with Boot, {@code async-kafka.producer.transaction-id-prefix} defines it).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(AsyncKafkaListenerConfigurationRegistrar.class)
public @interface EnableAsyncKafka {}
