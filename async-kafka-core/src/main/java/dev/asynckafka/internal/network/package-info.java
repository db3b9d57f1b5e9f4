/**
 * Internal: broker connections (framing, correlation, in-flight limits, timeouts, ApiVersions
 * handshake, reconnect backoff) and the per-client connection pool. Not public API.
 *
 * <p>Every object here belongs to one event loop and is touched only on it; methods documented as
 * callable from any thread hop onto that loop first.
 */
@NullMarked
package dev.asynckafka.internal.network;

import org.jspecify.annotations.NullMarked;
