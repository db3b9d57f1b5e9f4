/**
 * Security settings: TLS ({@link dev.asynckafka.security.SslOptions}) and SASL ({@link
 * dev.asynckafka.security.SaslOptions}) for {@code security.protocol} SSL, SASL_PLAINTEXT and
 * SASL_SSL.
 */
@NullMarked
package dev.asynckafka.security;

import org.jspecify.annotations.NullMarked;
