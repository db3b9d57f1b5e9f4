/** Value types shared by the producer, consumer and admin: topic partitions, nodes, ids. */
@NullMarked
package dev.asynckafka.common;

import org.jspecify.annotations.NullMarked;
