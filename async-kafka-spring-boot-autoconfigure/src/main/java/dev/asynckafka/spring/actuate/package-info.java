/** The {@code asynckafka} Actuator endpoint: listener containers and producers, read and operated. */
@NullMarked
package dev.asynckafka.spring.actuate;

import org.jspecify.annotations.NullMarked;
