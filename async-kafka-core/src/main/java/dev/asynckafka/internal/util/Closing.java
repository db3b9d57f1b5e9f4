package dev.asynckafka.internal.util;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every client's {@code close()} does: wait, bounded, for its {@code closeAsync}. */
public final class Closing {
    private static final Logger log = LoggerFactory.getLogger(Closing.class);

    /** The timeout of {@code close()} on every client. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** How long {@code close()} waits past the close timeout for the client's own shutdown steps. */
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private Closing() {}

    /**
     * Waits for {@code closing} for twice the timeout (a consumer may spend one timeout leaving its
     * group, one closing) plus a short grace. On an event loop thread it does not wait (the close
     * may need that loop, and other clients share it); an interrupt stops the wait and stays set. Never
     * throws: a failed or late close is logged, as a close in a {@code finally} block must not hide
     * the error that got there.
     */
    public static void await(CompletableFuture<Void> closing, Duration timeout, EventExecutor loop, String client) {
        if (loop.inEventLoop() || Thread.currentThread() instanceof FastThreadLocalThread) {
            // Waiting would block an event loop: its own (which the close needs) or one it may
            // share with other clients of the same resources.
            log.warn(
                    "{}: close() called on an event loop thread ({}); closing in the background without"
                            + " waiting. Use closeAsync there.",
                    client,
                    Thread.currentThread().getName());
            return;
        }
        try {
            closing.get(2 * timeout.toNanos() + GRACE_NANOS, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            log.warn("{} did not close within {} ms; it goes on closing in the background", client, timeout.toMillis());
        } catch (ExecutionException e) {
            log.warn("{} failed to close cleanly", client, e.getCause());
        }
    }
}
