/** Kafka protocol primitives and the message interfaces the generated classes implement. */
@NullMarked
package dev.asynckafka.internal.protocol;

import org.jspecify.annotations.NullMarked;
