/**
 * Testcontainers service connections: {@code @ServiceConnection} on a Kafka container sets the
 * bootstrap servers of every async-kafka client.
 */
@NullMarked
package dev.asynckafka.spring.testcontainers;

import org.jspecify.annotations.NullMarked;
