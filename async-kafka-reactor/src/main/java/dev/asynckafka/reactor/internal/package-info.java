/** Implementation of the Reactor receiver and sender; not public API, may change in any release. */
@NullMarked
package dev.asynckafka.reactor.internal;

import org.jspecify.annotations.NullMarked;
