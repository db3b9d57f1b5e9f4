/** Internal: the cluster view (immutable metadata snapshots) and its refresher. Not public API. */
@NullMarked
package dev.asynckafka.internal.cluster;

import org.jspecify.annotations.NullMarked;
