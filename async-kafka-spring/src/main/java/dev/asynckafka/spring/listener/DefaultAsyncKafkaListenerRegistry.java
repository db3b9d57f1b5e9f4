package dev.asynckafka.spring.listener;

import dev.asynckafka.spring.core.AsyncKafkaClientFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * The application's listener containers, started with the application context (those with
 * auto-startup, in a late phase, after every other bean is ready) and stopped gracefully early in
 * its shutdown, all at once. Also starts, stops, pauses and resumes single containers by id.
 *
 * <p>While it runs with at least one container, the registry holds one non-daemon thread, {@value
 * #KEEP_ALIVE_THREAD}, that does nothing but wait: the client's event loops and the listener
 * threads are daemon threads, so without it an application without a web server (a worker that
 * only consumes) would exit right after starting. The thread ends when the registry stops, so the
 * application stops as usual on SIGTERM (Boot's shutdown hook closes the context, which stops the
 * containers gracefully) or when the context is closed.
 *
 * <p>Methods are thread-safe. {@link #start(String)} and {@link #stop(String)} block until the
 * container is started (subscribed; joining the group goes on in the background) or stopped
 * (in-flight records drained within {@code shutdown-timeout}, offsets committed, group left), also
 * when another thread began the stop; the lifecycle {@link #stop()} returns only once every
 * container is stopped. Called from the container's own listener code (its executor's threads),
 * where waiting would wait for the caller's own record, they do not block: {@code stop} begins the
 * stop in the background (the record the caller processes still finishes and is committed, within
 * {@code shutdown-timeout}) and {@code start} during that stop starts the container once it is over.
 */
public class DefaultAsyncKafkaListenerRegistry implements AsyncKafkaListenerRegistry, SmartLifecycle, DisposableBean {
    /** The lifecycle phase: late, so containers start after and stop before most other lifecycle beans. */
    public static final int PHASE = Integer.MAX_VALUE - 100;

    /** The name of the non-daemon thread that keeps the JVM alive while the registry runs. */
    public static final String KEEP_ALIVE_THREAD = "async-kafka-keep-alive";

    private final AsyncKafkaClientFactory factory;
    private final ListenerErrorHandler errorHandler;
    private final Supplier<List<ListenerObserver>> observers;
    private final boolean virtualThreads;
    private final ScheduledThreadPoolExecutor timer;
    private final Map<String, DefaultListenerContainer> containers = new LinkedHashMap<>();
    private volatile boolean running;
    private volatile @Nullable ListenerTransactionSettings transactionSettings;
    private final Object keepAliveLock = new Object();
    private @Nullable CountDownLatch keepAlive;

    /**
     * @param factory creates each container's consumer
     * @param errorHandler takes records whose last attempt failed
     * @param observers every {@link ListenerObserver}, in order (read when a container is registered)
     * @param virtualThreads run listener code on virtual threads (resolved from {@code
     *     async-kafka.listener.executor}, see {@link #useVirtualThreads})
     */
    public DefaultAsyncKafkaListenerRegistry(
            AsyncKafkaClientFactory factory,
            ListenerErrorHandler errorHandler,
            Supplier<List<ListenerObserver>> observers,
            boolean virtualThreads) {
        this.factory = factory;
        this.errorHandler = errorHandler;
        this.observers = observers;
        this.virtualThreads = virtualThreads;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "async-kafka-listener-timer");
            t.setDaemon(true);
            return t;
        });
        this.timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * Whether listener code runs on virtual threads for this executor setting.
     *
     * @param springVirtualThreadsEnabled the value of {@code spring.threads.virtual.enabled}
     * @throws IllegalStateException for {@code virtual} on a JVM without virtual threads
     */
    public static boolean useVirtualThreads(
            ListenerSettings.ExecutorType executor, boolean springVirtualThreadsEnabled) {
        return ListenerExecutors.useVirtualThreads(executor, springVirtualThreadsEnabled);
    }

    /**
     * Makes the containers registered from now on transactional (consume-transform-produce, see
     * {@link ListenerTransaction}); the auto-configuration calls it when {@code
     * async-kafka.producer.transaction-id-prefix} is set, before any container is registered.
     *
     * @param settings the prefix and serializers, or {@code null} for containers that commit offsets
     *     with OffsetCommit
     */
    public void setTransactionSettings(@Nullable ListenerTransactionSettings settings) {
        this.transactionSettings = settings;
    }

    /** The settings that make the containers transactional, or null. */
    @Nullable
    ListenerTransactionSettings transactionSettings() {
        return transactionSettings;
    }

    /** Adds a container for the endpoint; started at once if the registry runs and the endpoint auto-starts. */
    void register(ListenerEndpoint endpoint) {
        DefaultListenerContainer c;
        synchronized (containers) {
            if (containers.containsKey(endpoint.id())) {
                throw new InvalidAsyncKafkaListenerException("Two @AsyncKafkaListener methods have the id '"
                        + endpoint.id()
                        + "': "
                        + containers.get(endpoint.id()).endpoint().method().description() + " and "
                        + endpoint.method().description());
            }
            c = new DefaultListenerContainer(
                    endpoint, factory, errorHandler, observers.get(), timer, virtualThreads, transactionSettings);
            containers.put(endpoint.id(), c);
        }
        if (running) {
            startKeepAlive();
            if (endpoint.autoStartup()) {
                c.start();
            }
        }
    }

    @Override
    public Collection<ListenerContainer> containers() {
        synchronized (containers) {
            return List.copyOf(containers.values());
        }
    }

    @Override
    public Optional<ListenerContainer> container(String id) {
        synchronized (containers) {
            return Optional.ofNullable(containers.get(id));
        }
    }

    private DefaultListenerContainer require(String id) {
        synchronized (containers) {
            DefaultListenerContainer c = containers.get(id);
            if (c == null) {
                throw new IllegalArgumentException(
                        "No @AsyncKafkaListener with id '" + id + "'; known: " + containers.keySet());
            }
            return c;
        }
    }

    @Override
    public void start(String id) {
        require(id).start();
    }

    @Override
    public void stop(String id) {
        require(id).stop();
    }

    /** {@link ListenerContainer#pause()} by id; {@link IllegalArgumentException} for an unknown id. */
    public void pause(String id) {
        require(id).pause();
    }

    /** {@link ListenerContainer#resume()} by id; {@link IllegalArgumentException} for an unknown id. */
    public void resume(String id) {
        require(id).resume();
    }

    // ------------------------------------------------------------------ SmartLifecycle

    @Override
    public void start() {
        running = true;
        if (!containers().isEmpty()) {
            startKeepAlive();
        }
        for (ListenerContainer c : containers()) {
            DefaultListenerContainer d = (DefaultListenerContainer) c;
            if (d.endpoint().autoStartup()) {
                d.start();
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (ListenerContainer c : containers()) {
            DefaultListenerContainer d = (DefaultListenerContainer) c;
            CompletableFuture<Void> f = new CompletableFuture<>();
            Thread t = new Thread(
                    () -> {
                        try {
                            d.stop();
                        } finally {
                            f.complete(null);
                        }
                    },
                    d.id() + "-stop");
            t.start();
            stops.add(f);
        }
        CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
        stopKeepAlive();
    }

    /** Starts the keep-alive thread unless it runs. */
    private void startKeepAlive() {
        synchronized (keepAliveLock) {
            if (keepAlive != null) {
                return;
            }
            CountDownLatch latch = new CountDownLatch(1);
            Thread t = new Thread(
                    () -> {
                        while (latch.getCount() > 0) {
                            try {
                                latch.await();
                            } catch (InterruptedException e) {
                                // Only the registry's stop ends this thread.
                            }
                        }
                    },
                    KEEP_ALIVE_THREAD);
            t.setDaemon(false);
            t.start();
            keepAlive = latch;
        }
    }

    /** Lets the keep-alive thread end. */
    private void stopKeepAlive() {
        synchronized (keepAliveLock) {
            CountDownLatch latch = keepAlive;
            if (latch != null) {
                latch.countDown();
                keepAlive = null;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    @Override
    public void destroy() {
        if (running) {
            stop();
        }
        stopKeepAlive();
        timer.shutdownNow();
    }
}
