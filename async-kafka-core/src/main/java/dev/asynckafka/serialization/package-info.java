/** Serializers and deserializers between application objects and record bytes. */
@NullMarked
package dev.asynckafka.serialization;

import org.jspecify.annotations.NullMarked;
