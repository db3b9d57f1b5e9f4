/**
 * Runtime building blocks, provided by the Boot auto-configuration or declared as beans without
 * Boot: client factory, options provider, serializer choice, JSON codec, transaction template.
 */
@NullMarked
package dev.asynckafka.spring.core;

import org.jspecify.annotations.NullMarked;
