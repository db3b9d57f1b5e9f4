/**
 * The admin client's machinery: one {@link dev.asynckafka.admin.internal.AdminHandler} per
 * operation (request building, routing, response to per-item results) run by the {@link
 * dev.asynckafka.admin.internal.AdminDriver}, which routes, batches and retries. Not public API.
 */
@NullMarked
package dev.asynckafka.admin.internal;

import org.jspecify.annotations.NullMarked;
