package dev.asynckafka.internal.network;

import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.ApiMessage;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A request and its future in one object: queued, written, answered. Owned by one {@link
 * BrokerConnection} and touched only on its event loop.
 */
final class InFlightRequest extends CompletableFuture<ApiMessage> {
    final ApiMessage request;
    final ApiKey apiKey;
    final short maxVersion;
    final boolean expectResponse;
    short version = -1;
    int correlationId;

    @Nullable
    ScheduledFuture<?> timeout;

    /** This request's own timeout, or -1 for {@code request.timeout.ms}. */
    long timeoutNanos = -1;

    InFlightRequest(ApiMessage request, short maxVersion, boolean expectResponse) {
        this.request = request;
        this.apiKey = request.apiKey();
        this.maxVersion = maxVersion;
        this.expectResponse = expectResponse;
    }

    void cancelTimeout() {
        ScheduledFuture<?> t = timeout;
        if (t != null) {
            t.cancel(false);
            timeout = null;
        }
    }

    String describe() {
        return apiKey.displayName() + (version >= 0 ? " v" + version : "") + " request"
                + (correlationId != 0 ? " (correlation id " + correlationId + ")" : "");
    }
}
