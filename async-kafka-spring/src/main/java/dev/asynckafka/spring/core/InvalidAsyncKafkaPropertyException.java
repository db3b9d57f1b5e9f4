package dev.asynckafka.spring.core;

import org.jspecify.annotations.Nullable;

/**
 * An {@code async-kafka.*} property, a Kafka-named entry of a {@code properties} map or a client
 * factory override has an invalid value. {@link #property()} names it as the user wrote it (for
 * example {@code async-kafka.producer.linger} or {@code async-kafka.consumer.properties[linger.ms]});
 * the message starts with that name and never contains a secret.
 */
public class InvalidAsyncKafkaPropertyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String property;

    public InvalidAsyncKafkaPropertyException(String property, String problem, @Nullable Throwable cause) {
        super(property + ": " + problem, cause);
        this.property = property;
    }

    /** The property or override, as the user wrote it. */
    public String property() {
        return property;
    }
}
