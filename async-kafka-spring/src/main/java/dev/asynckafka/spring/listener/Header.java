package dev.asynckafka.spring.listener;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On an {@link AsyncKafkaListener} method parameter: binds the value of the record's last header
 * with this name, as a {@code String} (UTF-8) or a {@code byte[]}; {@code null} when the record has
 * no such header. Not available to batch listeners.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Header {

    /** The header name. */
    String value();
}
