package dev.asynckafka.test;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/** Spring-only parts of {@link EmbeddedKafkaExtension}, loaded only for Spring tests. */
final class SpringTestSupport {
    static final String SPRING_EXTENSION = "org.springframework.test.context.junit.jupiter.SpringExtension";

    private SpringTestSupport() {}

    /** The cluster the test's application context owns. */
    static EmbeddedKafkaCluster cluster(ExtensionContext context) {
        ApplicationContext applicationContext = SpringExtension.getApplicationContext(context);
        String[] names = applicationContext.getBeanNamesForType(EmbeddedKafkaCluster.class);
        if (names.length == 0) {
            throw new ParameterResolutionException("The Spring test context of " + context.getRequiredTestClass()
                    + " has no EmbeddedKafkaCluster: is @EmbeddedAsyncKafka on the test class?");
        }
        // The annotation's cluster; the only one when the application defines none of its own.
        return applicationContext.containsBean(EmbeddedAsyncKafkaContextCustomizer.BEAN_NAME)
                ? applicationContext.getBean(EmbeddedAsyncKafkaContextCustomizer.BEAN_NAME, EmbeddedKafkaCluster.class)
                : applicationContext.getBean(EmbeddedKafkaCluster.class);
    }
}
