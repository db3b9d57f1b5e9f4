/** Runtime building blocks the auto-configuration provides: client factory and serializer choice. */
@NullMarked
package dev.asynckafka.spring.core;

import org.jspecify.annotations.NullMarked;
