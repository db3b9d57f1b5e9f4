/** Exceptions: every Kafka error code maps to one type here, each retriable or not. */
@NullMarked
package dev.asynckafka.errors;

import org.jspecify.annotations.NullMarked;
