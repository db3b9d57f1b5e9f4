package dev.asynckafka.test;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Makes {@link EmbeddedAsyncKafka} work on Spring tests ({@code @SpringBootTest} and any other
 * Spring TestContext test): the test's application context starts the cluster, owns it as a bean
 * and points the async-kafka starter at it through {@code async-kafka.bootstrap-servers}. Registered
 * in {@code META-INF/spring.factories}; not called by applications.
 */
public final class EmbeddedAsyncKafkaContextCustomizerFactory implements ContextCustomizerFactory {

    /** Created by Spring's TestContext framework. */
    public EmbeddedAsyncKafkaContextCustomizerFactory() {}

    @Override
    public @Nullable ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        EmbeddedAsyncKafka annotation =
                TestContextAnnotationUtils.findMergedAnnotation(testClass, EmbeddedAsyncKafka.class);
        return annotation == null ? null : new EmbeddedAsyncKafkaContextCustomizer(annotation);
    }
}
