/** Test helpers: listener containers (one backed by a real consumer, one stubbed), waiting helpers. */
@NullMarked
package dev.asynckafka.spring.testsupport;

import org.jspecify.annotations.NullMarked;
