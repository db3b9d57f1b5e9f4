package dev.asynckafka.test;

import java.util.Map;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Starts the cluster an {@link EmbeddedAsyncKafka} test class asks for as part of its Spring test
 * context: registered as the bean {@value #BEAN_NAME}, closed with the context, and named by
 * {@value #BOOTSTRAP_PROPERTY} (ahead of every other property source, so a test never reaches a
 * cluster the application's own configuration names); {@value #OFFSET_RESET_PROPERTY} defaults to
 * {@code earliest}, below every other property source. Equal annotations give equal customizers, so
 * test classes with the same configuration share one cached context and one cluster.
 */
final class EmbeddedAsyncKafkaContextCustomizer implements ContextCustomizer {
    static final String BEAN_NAME = "embeddedAsyncKafkaCluster";
    static final String BOOTSTRAP_PROPERTY = "async-kafka.bootstrap-servers";
    static final String OFFSET_RESET_PROPERTY = "async-kafka.consumer.auto-offset-reset";

    private final EmbeddedAsyncKafka annotation;

    EmbeddedAsyncKafkaContextCustomizer(EmbeddedAsyncKafka annotation) {
        this.annotation = annotation;
    }

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
        EmbeddedKafkaCluster cluster =
                EmbeddedKafkaExtension.builder(annotation).build();
        ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
        beanFactory.registerSingleton(BEAN_NAME, cluster);
        if (beanFactory instanceof DefaultSingletonBeanRegistry registry) {
            registry.registerDisposableBean(BEAN_NAME, cluster::close);
        }
        cluster.start();
        MutablePropertySources sources = context.getEnvironment().getPropertySources();
        sources.addFirst(
                new MapPropertySource("embeddedAsyncKafka", Map.of(BOOTSTRAP_PROPERTY, cluster.bootstrapServers())));
        // A fresh cluster has nothing old to skip, and "latest" would lose records a test sends
        // before its listener's first assignment; the test's own settings still win.
        sources.addLast(new MapPropertySource("embeddedAsyncKafkaDefaults", Map.of(OFFSET_RESET_PROPERTY, "earliest")));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EmbeddedAsyncKafkaContextCustomizer other && annotation.equals(other.annotation);
    }

    @Override
    public int hashCode() {
        return annotation.hashCode();
    }
}
