package dev.asynckafka.spring.autoconfigure;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;

/**
 * Closes the client beans the auto-configuration created, waiting for their asynchronous close,
 * which a Spring destroy method cannot do for a close that takes a timeout and returns a future.
 * Spring destroys dependent beans first, so the producer and admin beans are closed before the
 * shared event loops they run on are shut down. Beans of the application are left alone.
 */
final class ClientCloser implements DestructionAwareBeanPostProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(ClientCloser.class);

    private final Map<Object, Closing> managed = new IdentityHashMap<>();

    private record Closing(Supplier<CompletableFuture<?>> close, Duration timeout) {}

    /** Registers a bean this auto-configuration created, with how to close it. */
    <T> T manage(T client, Function<T, CompletableFuture<?>> close, Duration timeout) {
        synchronized (managed) {
            managed.put(client, new Closing(() -> close.apply(client), timeout));
        }
        return client;
    }

    @Override
    public boolean requiresDestruction(Object bean) {
        synchronized (managed) {
            return managed.containsKey(bean);
        }
    }

    @Override
    public void postProcessBeforeDestruction(Object bean, String beanName) {
        Closing closing;
        synchronized (managed) {
            closing = managed.remove(bean);
        }
        if (closing == null) {
            return;
        }
        try {
            // The close bounds its own work by the timeout; a little slack covers its completion.
            closing.close().get().get(closing.timeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Interrupted while closing bean '{}'", beanName);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Closing bean '{}' did not complete cleanly: {}", beanName, String.valueOf(e.getCause()));
        }
    }
}
