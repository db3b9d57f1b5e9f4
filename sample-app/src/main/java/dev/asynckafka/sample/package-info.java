/** The async-kafka sample application. */
@NullMarked
package dev.asynckafka.sample;

import org.jspecify.annotations.NullMarked;
