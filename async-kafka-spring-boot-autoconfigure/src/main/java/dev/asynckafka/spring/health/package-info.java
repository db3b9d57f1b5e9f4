/** Actuator health indicator for async-kafka: cluster reachability and listener container states. */
@NullMarked
package dev.asynckafka.spring.health;

import org.jspecify.annotations.NullMarked;
