/** Auto-configuration of async-kafka clients from {@code async-kafka.*} properties. */
@NullMarked
package dev.asynckafka.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
