package dev.asynckafka.internal.virtual;

import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * An event loop on virtual time for unit tests: Netty's embedded loop with a mock ticker. Nothing
 * runs on its own: {@link #runPending()} runs what is queued, {@link #advance(Duration)} moves the
 * clock forward and fires the timers that come due on the way, in deadline order. Clients built on
 * {@link #loop()} read the same ticker ({@link dev.asynckafka.internal.ClientContext#nanoTime()}),
 * so their time reads and their timers agree. Single-threaded: use it from the test thread only.
 */
public final class VirtualLoop implements AutoCloseable {
    /** Runs of the queue without it emptying after which a test is deemed to spin forever. */
    private static final int MAX_ROUNDS = 100_000;

    private final MockTicker ticker = Ticker.newMockTicker();
    private final EmbeddedChannel anchor =
            EmbeddedChannel.builder().ticker(ticker).build();

    /** The loop to build clients on. */
    public EventLoop loop() {
        return anchor.eventLoop();
    }

    /** The virtual time now, in nanoseconds since the loop was created. */
    public long nanoTime() {
        return ticker.nanoTime();
    }

    /** The virtual time now, in milliseconds since the loop was created. */
    public long millis() {
        return TimeUnit.NANOSECONDS.toMillis(ticker.nanoTime());
    }

    /** Runs queued tasks and due timers until none is left, without moving the clock. */
    public void runPending() {
        for (int i = 0; i < MAX_ROUNDS; i++) {
            anchor.runPendingTasks();
            if (!anchor.hasPendingTasks()) {
                return;
            }
        }
        throw new AssertionError("the loop never ran out of tasks (a task reschedules itself without delay?)");
    }

    /**
     * Moves virtual time forward by the duration, stopping at each timer that comes due on the way
     * to run it (and whatever it queued) at its own deadline.
     */
    public void advance(Duration duration) {
        long target = ticker.nanoTime() + duration.toNanos();
        runPending();
        while (true) {
            long next = anchor.runScheduledPendingTasks();
            runPending();
            long now = ticker.nanoTime();
            if (next < 0 || now + next > target) {
                ticker.advance(target - now, TimeUnit.NANOSECONDS);
                runPending();
                return;
            }
            ticker.advance(Math.max(next, 0), TimeUnit.NANOSECONDS);
            runPending();
        }
    }

    /** {@link #advance(Duration)} by milliseconds. */
    public void advanceMillis(long millis) {
        advance(Duration.ofMillis(millis));
    }

    @Override
    public void close() {
        anchor.finishAndReleaseAll();
    }
}
