/**
 * Internal: the table of Kafka-named settings ({@code linger.ms}, {@code security.protocol}, ...)
 * behind the option builders' {@code configure} methods and the Spring starter's property maps. Not
 * public API.
 */
@NullMarked
package dev.asynckafka.internal.config;

import org.jspecify.annotations.NullMarked;
