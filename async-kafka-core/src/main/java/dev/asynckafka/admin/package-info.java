/** The asynchronous admin client: topics and cluster description. */
@NullMarked
package dev.asynckafka.admin;

import org.jspecify.annotations.NullMarked;
