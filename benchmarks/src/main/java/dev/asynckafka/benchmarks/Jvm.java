package dev.asynckafka.benchmarks;

import java.nio.file.Path;

/** The java executable of the running JVM, for child processes. */
final class Jvm {
    private Jvm() {}

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
