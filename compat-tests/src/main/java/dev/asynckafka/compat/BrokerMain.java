package dev.asynckafka.compat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;

/**
 * Entry point of a forked broker JVM: a watchdog, then {@code kafka.Kafka.main}. The watchdog
 * halts this JVM as soon as its standard input reaches end of stream, which happens when the
 * test JVM that started it closes the pipe or dies in any way (even {@code kill -9}), so no
 * broker outlives its test run.
 */
public final class BrokerMain {
    private BrokerMain() {}

    /**
     * Starts the watchdog and runs the broker.
     *
     * @param args the arguments of {@code kafka.Kafka} (the path of {@code server.properties})
     */
    public static void main(String[] args) throws Exception {
        Thread watchdog = new Thread(BrokerMain::haltAtEndOfInput, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        // Reflection: the broker's classes are on this JVM's class path only, not at compile time.
        try {
            Class.forName("kafka.Kafka").getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    private static void haltAtEndOfInput() {
        InputStream in = System.in;
        try {
            while (in.read() >= 0) {
                // Nothing is ever written: only the end of the stream matters.
            }
        } catch (IOException e) {
            // A broken pipe means the parent is gone just the same.
        }
        // halt, not exit: a broker's shutdown hooks (controlled shutdown) could wait for minutes.
        Runtime.getRuntime().halt(3);
    }
}
