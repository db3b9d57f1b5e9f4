/** Internal: TLS context construction and SASL client mechanisms. Not public API. */
@NullMarked
package dev.asynckafka.internal.security;

import org.jspecify.annotations.NullMarked;
