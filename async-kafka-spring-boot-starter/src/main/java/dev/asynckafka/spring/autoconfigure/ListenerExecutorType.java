package dev.asynckafka.spring.autoconfigure;

/** Which threads run {@code @AsyncKafkaListener} methods ({@code async-kafka.listener.executor}). */
public enum ListenerExecutorType {
    /** Virtual threads when {@code spring.threads.virtual.enabled=true} and the JVM has them, else platform threads. */
    AUTO,
    /** Always virtual threads (fails at startup on a JVM without them). */
    VIRTUAL,
    /** Always platform threads. */
    PLATFORM
}
