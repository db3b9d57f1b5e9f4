package dev.asynckafka.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts an {@link EmbeddedKafkaCluster} before all tests of the annotated JUnit test class and
 * closes it after them; tests receive it through parameters of type {@link EmbeddedKafkaCluster}
 * or {@code String} parameters annotated with {@link BootstrapServers}, in test constructors, test
 * methods and {@code @BeforeAll}/{@code @BeforeEach}/{@code @AfterEach}/{@code @AfterAll} methods.
 *
 * <pre>{@code
 * @EmbeddedAsyncKafka(brokers = 1, topics = {"orders"}, partitions = 3)
 * class OrderTest {
 *     @Test
 *     void sends(@BootstrapServers String bootstrapServers, EmbeddedKafkaCluster kafka) { ... }
 * }
 * }</pre>
 *
 * <p>{@code @Nested} classes without their own annotation share the enclosing class's cluster.
 *
 * <p>With {@link #shared()} the cluster outlives the class: every test class of the JVM's test run
 * with equal attributes (topics and partitions aside) uses the same one, which is closed when JUnit
 * finishes.
 *
 * <p>On a Spring test ({@code @SpringBootTest}, or any class run by Spring's {@code
 * SpringExtension}) the test's application context starts the cluster instead, owns it as the bean
 * {@code embeddedAsyncKafkaCluster}, closes it with the context, and sets {@code
 * async-kafka.bootstrap-servers} to it, so the async-kafka starter's clients use it with no other
 * code; test classes with equal annotations (and otherwise equal configuration) share one cached
 * context and cluster. Parameters are resolved from that context.
 *
 * <pre>{@code
 * @SpringBootTest
 * @EmbeddedAsyncKafka(topics = "orders")
 * class OrdersTest { ... }
 * }</pre>
 *
 * <p>Named so as not to be confused with spring-kafka-test's {@code @EmbeddedKafka}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(EmbeddedKafkaExtension.class)
public @interface EmbeddedAsyncKafka {

    /**
     * The number of brokers.
     *
     * @return the number of brokers, at least 1
     */
    int brokers() default 1;

    /**
     * Topics to create when the cluster starts, each with {@link #partitions()} partitions and a
     * replication factor of {@code min(brokers, 3)}.
     *
     * @return the topic names
     */
    String[] topics() default {};

    /**
     * The number of partitions of each topic in {@link #topics()}.
     *
     * @return the number of partitions, at least 1
     */
    int partitions() default 1;

    /**
     * Broker configuration properties as {@code key=value} strings; see
     * {@link EmbeddedKafkaCluster.Builder#brokerProperty(String, String)}.
     *
     * @return the broker properties
     */
    String[] brokerProperties() default {};

    /**
     * The port of broker 0 (broker {@code i} uses {@code port + i}); 0, the default, chooses free
     * ports.
     *
     * @return the first broker port, or 0
     */
    int port() default 0;

    /**
     * The log level of the broker's own loggers where the application configured none; see
     * {@link EmbeddedKafkaCluster.Builder#brokerLogLevel(String)}. Empty leaves logging alone.
     *
     * @return a level name, or empty
     */
    String brokerLogLevel() default EmbeddedKafkaCluster.Builder.DEFAULT_BROKER_LOG_LEVEL;

    /**
     * Whether test classes share the cluster: if true, the first class with these attributes
     * starts it and every later class of the same test run (JVM) with equal attributes, topics and
     * partitions aside, reuses it; each class creates its {@link #topics()} on it (a topic that
     * exists already is left as it is). JUnit closes the cluster when the run ends. Saves a broker
     * start (seconds) per class, for tests that leave the cluster as they found it apart from
     * topics and groups of their own: no broker restarts or kills, no changes to broker-wide
     * configuration, and topic, group and transactional ids no other class uses. Ignored on Spring
     * tests, whose cached application context already shares its cluster.
     *
     * @return true to share the cluster with other test classes
     */
    boolean shared() default false;
}
