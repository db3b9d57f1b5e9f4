/** Test helpers: a listener container backed by a real consumer, waiting helpers. */
@NullMarked
package dev.asynckafka.spring.testsupport;

import org.jspecify.annotations.NullMarked;
