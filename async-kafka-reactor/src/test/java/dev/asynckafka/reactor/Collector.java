package dev.asynckafka.reactor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

/** A subscriber that requests only what the test asks for and queues what arrives. */
final class Collector<T> extends BaseSubscriber<T> {
    private final LinkedBlockingQueue<T> received = new LinkedBlockingQueue<>();
    private volatile Throwable error;

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
        // No demand until the test requests.
    }

    @Override
    protected void hookOnNext(T value) {
        received.add(value);
    }

    @Override
    protected void hookOnError(Throwable throwable) {
        error = throwable;
    }

    /** Waits for {@code n} more values (fails after 60 s). */
    List<T> take(int n) throws InterruptedException {
        List<T> out = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (out.size() < n) {
            T v = received.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (v == null) {
                throw new AssertionError("Got " + out.size() + " of " + n + " values; error: " + error, error);
            }
            out.add(v);
        }
        return out;
    }

    /** Whatever arrives within {@code wait}. */
    List<T> drainFor(Duration wait) throws InterruptedException {
        Thread.sleep(wait.toMillis());
        List<T> out = new ArrayList<>();
        received.drainTo(out);
        return out;
    }

    Throwable error() {
        return error;
    }
}
