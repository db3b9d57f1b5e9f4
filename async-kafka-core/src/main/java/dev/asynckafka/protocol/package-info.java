/** Kafka protocol primitives and the message interfaces the generated classes implement. */
@NullMarked
package dev.asynckafka.protocol;

import org.jspecify.annotations.NullMarked;
