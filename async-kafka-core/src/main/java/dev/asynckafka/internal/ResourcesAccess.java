package dev.asynckafka.internal;

import dev.asynckafka.ClientResources;
import io.netty.channel.EventLoop;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The clients' way to the event loops inside {@link ClientResources}, which keeps Netty types out of
 * its public API. {@link ClientResources} registers the accessor when its class initializes, which
 * happens before any instance can reach this class.
 */
public final class ResourcesAccess {
    private static volatile @Nullable Function<ClientResources, EventLoop> nextLoop;

    private ResourcesAccess() {}

    /** Called once by {@link ClientResources}; later calls fail. */
    public static synchronized void register(Function<ClientResources, EventLoop> accessor) {
        if (nextLoop != null) {
            throw new IllegalStateException("ClientResources' accessor is already registered");
        }
        nextLoop = accessor;
    }

    /** The event loop a new client binds to (round-robin over the group). */
    public static EventLoop nextEventLoop(ClientResources resources) {
        return Objects.requireNonNull(nextLoop, "ClientResources not initialized")
                .apply(resources);
    }
}
