package dev.asynckafka.spring.listener;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method as a Kafka listener: a container with its own consumer subscribes to the
 * topics and calls the method for every record, each partition in offset order, different
 * partitions concurrently (up to {@link #concurrency()}), never on a Netty event loop.
 *
 * <p>Parameters: the record value (the first parameter without an annotation, deserialized by the
 * application's {@link dev.asynckafka.spring.core.AsyncKafkaSerdes} for its type), the key
 * ({@link Key}), a whole {@link dev.asynckafka.consumer.ConsumerRecord ConsumerRecord&lt;K, V&gt;},
 * headers by name ({@link Header}), {@link Topic}, {@link Partition}, {@link Offset}, and the
 * {@link ListenerContainer}. With {@link #batch()}: a {@code List<V>} or
 * {@code List<ConsumerRecord<K, V>>} of records of one partition, in offset order (plus
 * {@link Topic}, {@link Partition}, {@link ListenerContainer}).
 *
 * <p>Return type: {@code void} (the record is done when the method returns; an exception is a
 * failure) or a {@link java.util.concurrent.CompletionStage} (done when the stage completes; a
 * stage completing exceptionally, or a {@code null} stage, is a failure) or a reactive type that
 * Spring's {@link org.springframework.core.ReactiveAdapterRegistry} knows, such as Reactor's
 * {@code Mono<Void>} (subscribed to when the method returns; done when it completes, its elements
 * ignored; an error signal, or a {@code null} return, is a failure). The next record of the
 * partition is handed over only when the previous one is done, and only done records are
 * committed.
 *
 * <p>Invalid declarations (no topics, bad parameters or return type, no group id) fail the
 * application context at startup with an {@link InvalidAsyncKafkaListenerException} naming the bean
 * and method, which Spring Boot prints as its startup failure report.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface AsyncKafkaListener {

    /** The listener id, unique in the application; default {@code <beanName>.<methodName>}. */
    String id() default "";

    /** Topics to subscribe to; {@code ${...}} placeholders are resolved. Exclusive with {@link #topicPattern()}. */
    String[] topics() default {};

    /** A regular expression: every topic whose whole name matches is subscribed to. Placeholders resolved. */
    String topicPattern() default "";

    /** The consumer group; default {@code async-kafka.consumer.group-id}. Placeholders resolved. */
    String groupId() default "";

    /**
     * How many partitions run listener code at once, overriding {@code async-kafka.listener.concurrency};
     * a number or a placeholder.
     */
    String concurrency() default "";

    /** {@code "true"}/{@code "false"} or a placeholder; default {@code async-kafka.listener.auto-startup}. */
    String autoStartup() default "";

    /**
     * Consumer properties for this listener only, with Kafka's names, as {@code "key=value"} (for
     * example {@code "max.poll.interval.ms=600000"}); placeholders resolved. {@code
     * enable.auto.commit} cannot be set: the container commits itself.
     */
    String[] properties() default {};

    /** Deliver lists of records of one partition (up to {@code async-kafka.listener.batch-max-records}). */
    boolean batch() default false;
}
