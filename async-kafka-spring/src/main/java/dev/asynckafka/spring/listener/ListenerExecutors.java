package dev.asynckafka.spring.listener;

import java.lang.reflect.Method;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The executors listener code runs on: virtual threads (Java 21+, found reflectively) or a platform pool. */
final class ListenerExecutors {
    private ListenerExecutors() {}

    /** Whether this JVM has virtual threads. */
    static boolean virtualThreadsAvailable() {
        return Runtime.version().feature() >= 21;
    }

    /**
     * Decides the executor type: {@code VIRTUAL} needs a JVM with virtual threads, {@code AUTO}
     * uses them when {@code spring.threads.virtual.enabled} is true and the JVM has them.
     *
     * @throws IllegalStateException for {@code VIRTUAL} on a JVM without virtual threads
     */
    static boolean useVirtualThreads(ListenerSettings.ExecutorType type, boolean springVirtualThreadsEnabled) {
        return switch (type) {
            case PLATFORM -> false;
            case AUTO -> springVirtualThreadsEnabled && virtualThreadsAvailable();
            case VIRTUAL -> {
                if (!virtualThreadsAvailable()) {
                    throw new IllegalStateException("async-kafka.listener.executor=virtual needs Java 21 or later;"
                            + " this JVM is " + Runtime.version() + " (use platform or auto)");
                }
                yield true;
            }
        };
    }

    /** A new executor for one container; the container shuts it down when it stops. */
    static ExecutorService create(String listenerId, int concurrency, boolean virtual) {
        if (virtual) {
            try {
                Method m = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
                return (ExecutorService) m.invoke(null);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(
                        "Cannot create a virtual-thread executor for listener " + listenerId, e);
            }
        }
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, listenerId + "-" + n.incrementAndGet());
            t.setDaemon(false);
            return t;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                concurrency, concurrency, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** The owner whose executor runs the current task, if any. */
    private static final ThreadLocal<Object> RUNNING_FOR = new ThreadLocal<>();

    /** Runs tasks on {@code executor}, marked as {@code owner}'s (see {@link #runsFor}); may reject. */
    static Executor owned(Executor executor, Object owner) {
        return task -> executor.execute(() -> {
            Object before = RUNNING_FOR.get();
            RUNNING_FOR.set(owner);
            try {
                task.run();
            } finally {
                if (before == null) {
                    RUNNING_FOR.remove();
                } else {
                    RUNNING_FOR.set(before);
                }
            }
        });
    }

    /** Whether the current thread runs a task given to an executor {@link #owned} by {@code owner}. */
    static boolean runsFor(Object owner) {
        return RUNNING_FOR.get() == owner;
    }

    /** Never rejects: what {@code executor} rejects (it was shut down) runs on the common pool. */
    static Executor orElseCommonPool(Executor executor) {
        return task -> {
            try {
                executor.execute(task);
            } catch (RejectedExecutionException e) {
                ForkJoinPool.commonPool().execute(task);
            }
        };
    }
}
