/** Internal: the parts every client is built from. Not public API. */
@NullMarked
package dev.asynckafka.internal;

import org.jspecify.annotations.NullMarked;
