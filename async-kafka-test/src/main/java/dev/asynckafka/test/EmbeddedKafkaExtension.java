package dev.asynckafka.test;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit Jupiter extension behind {@link EmbeddedAsyncKafka}: starts one {@link EmbeddedKafkaCluster} per
 * test class before all its tests, closes it after them, and resolves parameters of type
 * {@link EmbeddedKafkaCluster} and {@code String} parameters annotated with
 * {@link BootstrapServers}.
 *
 * <p>On a Spring test (run by Spring's {@code SpringExtension}, as {@code @SpringBootTest} is) it
 * starts nothing: the test's application context owns the cluster, and parameters are resolved
 * from it.
 *
 * <p>A cluster of a class annotated with {@code @EmbeddedAsyncKafka(shared = true)} lives in the
 * root context's store instead, keyed by the annotation's attributes other than topics, so later
 * classes with equal attributes reuse it (each creates its own topics on it); JUnit closes it with
 * the root context at the end of the run.
 *
 * <p>Normally registered through {@link EmbeddedAsyncKafka}; registered directly with
 * {@code @ExtendWith} on a class without that annotation, it starts a cluster with the defaults
 * (one broker, free port, no topics).
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(EmbeddedKafkaExtension.class);

    /** Creates the extension; JUnit does this when it processes {@link EmbeddedAsyncKafka}. */
    public EmbeddedKafkaExtension() {}

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        if (isSpringTest(testClass)) {
            return; // the test's application context owns the cluster (EmbeddedAsyncKafkaContextCustomizer)
        }
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        if (store.get(testClass) != null) {
            return; // already started while resolving a constructor parameter (per-class lifecycle)
        }
        Optional<EmbeddedAsyncKafka> annotation = AnnotationSupport.findAnnotation(testClass, EmbeddedAsyncKafka.class);
        if (annotation.isEmpty() && find(context) != null) {
            return; // a @Nested class shares the cluster of its enclosing class
        }
        start(context, annotation.orElse(null));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // A shared cluster is held as SharedCluster here and closed with the root context instead.
        Object value = context.getStore(NAMESPACE).remove(context.getRequiredTestClass());
        if (value instanceof EmbeddedKafkaCluster cluster) {
            cluster.close();
        }
    }

    /**
     * How a test class's store holds a cluster it shares: not {@link AutoCloseable}, so JUnit does
     * not close it with the class.
     */
    private record SharedCluster(EmbeddedKafkaCluster cluster) {}

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == EmbeddedKafkaCluster.class
                || (type == String.class && parameterContext.isAnnotated(BootstrapServers.class));
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        EmbeddedKafkaCluster cluster = extensionContext
                        .getTestClass()
                        .filter(EmbeddedKafkaExtension::isSpringTest)
                        .isPresent()
                ? SpringTestSupport.cluster(extensionContext)
                : find(extensionContext);
        if (cluster == null) {
            // A constructor parameter of a per-class lifecycle test is resolved before beforeAll.
            ExtensionContext classContext = extensionContext;
            while (classContext.getTestMethod().isPresent()
                    && classContext.getParent().isPresent()) {
                classContext = classContext.getParent().get();
            }
            if (classContext.getTestClass().isEmpty()) {
                throw new ParameterResolutionException("No test class to start an embedded Kafka cluster for");
            }
            cluster = start(
                    classContext,
                    AnnotationSupport.findAnnotation(classContext.getRequiredTestClass(), EmbeddedAsyncKafka.class)
                            .orElse(null));
        }
        if (parameterContext.getParameter().getType() == EmbeddedKafkaCluster.class) {
            return cluster;
        }
        return cluster.bootstrapServers();
    }

    /**
     * Whether JUnit runs the class with Spring's extension (for example through {@code
     * @SpringBootTest}), looking through enclosing classes for {@code @Nested} ones. Spring's own
     * class is compared by name: without spring-test no class can be annotated with it.
     */
    static boolean isSpringTest(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            for (ExtendWith extendWith : AnnotationSupport.findRepeatableAnnotations(c, ExtendWith.class)) {
                for (Class<?> extension : extendWith.value()) {
                    if (extension.getName().equals(SpringTestSupport.SPRING_EXTENSION)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static @Nullable EmbeddedKafkaCluster find(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        for (Optional<ExtensionContext> current = Optional.of(context);
                current.isPresent();
                current = current.get().getParent()) {
            Optional<Class<?>> testClass = current.get().getTestClass();
            if (testClass.isPresent()) {
                Object value = store.get(testClass.get());
                if (value instanceof EmbeddedKafkaCluster cluster) {
                    return cluster;
                }
                if (value instanceof SharedCluster shared) {
                    return shared.cluster();
                }
            }
        }
        return null;
    }

    private static EmbeddedKafkaCluster start(ExtensionContext classContext, @Nullable EmbeddedAsyncKafka annotation) {
        if (annotation != null && annotation.shared()) {
            // Started inside computeIfAbsent: a class running concurrently waits for the same cluster.
            EmbeddedKafkaCluster cluster = classContext
                    .getRoot()
                    .getStore(NAMESPACE)
                    .computeIfAbsent(
                            sharingKey(annotation),
                            key -> builder(annotation, false).build().start(),
                            EmbeddedKafkaCluster.class);
            short replicationFactor = (short) Math.min(annotation.brokers(), 3);
            for (String topic : annotation.topics()) {
                cluster.createTopic(topic, annotation.partitions(), replicationFactor);
            }
            classContext.getStore(NAMESPACE).put(classContext.getRequiredTestClass(), new SharedCluster(cluster));
            return cluster;
        }
        EmbeddedKafkaCluster cluster = builder(annotation).build();
        // Stored before starting so that the store closes it even if afterAll is never reached.
        classContext.getStore(NAMESPACE).put(classContext.getRequiredTestClass(), cluster);
        cluster.start();
        return cluster;
    }

    /**
     * What makes a shared cluster fit a class: every attribute of the annotation except the topics
     * (and their partitions), which each class creates on the shared cluster.
     */
    static List<Object> sharingKey(EmbeddedAsyncKafka annotation) {
        return List.of(
                "shared-cluster",
                annotation.brokers(),
                List.of(annotation.brokerProperties()),
                annotation.port(),
                annotation.brokerLogLevel());
    }

    /** A cluster builder set up as the annotation says (the defaults without one). */
    static EmbeddedKafkaCluster.Builder builder(@Nullable EmbeddedAsyncKafka annotation) {
        return builder(annotation, true);
    }

    private static EmbeddedKafkaCluster.Builder builder(@Nullable EmbeddedAsyncKafka annotation, boolean withTopics) {
        EmbeddedKafkaCluster.Builder builder = EmbeddedKafkaCluster.builder();
        if (annotation != null) {
            builder.brokers(annotation.brokers()).port(annotation.port());
            builder.brokerLogLevel(annotation.brokerLogLevel().isEmpty() ? null : annotation.brokerLogLevel());
            for (String property : annotation.brokerProperties()) {
                int eq = property.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(
                            "@EmbeddedAsyncKafka brokerProperties entries must be key=value: " + property);
                }
                builder.brokerProperty(
                        property.substring(0, eq).trim(),
                        property.substring(eq + 1).trim());
            }
            if (withTopics) {
                for (String topic : annotation.topics()) {
                    builder.topic(topic, annotation.partitions());
                }
            }
        }
        return builder;
    }
}
