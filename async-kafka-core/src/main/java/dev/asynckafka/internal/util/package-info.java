/** Internal helpers shared by the clients. Not public API. */
@NullMarked
package dev.asynckafka.internal.util;

import org.jspecify.annotations.NullMarked;
