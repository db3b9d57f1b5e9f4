/**
 * Internal: the consumer group coordinator (classic protocol state machine on the consumer's event
 * loop), offset commits and fetches, the consumer protocol codec and the built-in assignors.
 */
@NullMarked
package dev.asynckafka.consumer.internal.group;

import org.jspecify.annotations.NullMarked;
