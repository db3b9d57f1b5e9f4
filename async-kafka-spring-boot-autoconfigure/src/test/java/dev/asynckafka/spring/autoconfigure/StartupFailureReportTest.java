package dev.asynckafka.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.asynckafka.spring.core.InvalidAsyncKafkaPropertyException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.util.StringUtils;

/**
 * A real application start with an invalid property fails naming it, and the failure analyzer
 * registered in this module's {@code META-INF/spring.factories} (where Boot finds it for its startup
 * report) turns the failure into a report naming the property.
 */
class StartupFailureReportTest {

    @SpringBootConfiguration
    @ImportAutoConfiguration(AsyncKafkaAutoConfiguration.class)
    static class App {}

    @Test
    void anInvalidPropertyIsReportedByNameWhenTheApplicationFailsToStart() throws Exception {
        SpringApplication application = new SpringApplication(App.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        Throwable failure =
                catchThrowable(() -> application.run("--async-kafka.consumer.properties.max.poll.intervall.ms=1000"));
        assertThat(failure).hasRootCauseInstanceOf(InvalidAsyncKafkaPropertyException.class);

        List<FailureAnalysis> analyses = new ArrayList<>();
        for (FailureAnalyzer analyzer : registeredAnalyzers()) {
            FailureAnalysis analysis = analyzer.analyze(failure);
            if (analysis != null) {
                analyses.add(analysis);
            }
        }
        assertThat(analyses).singleElement().satisfies(analysis -> {
            assertThat(analysis.getDescription())
                    .startsWith("Invalid async-kafka configuration:"
                            + " async-kafka.consumer.properties[max.poll.intervall.ms]: unknown Kafka property");
            assertThat(analysis.getAction())
                    .startsWith("Correct async-kafka.consumer.properties[max.poll.intervall.ms]");
        });
    }

    /** The analyzers this module's spring.factories registers, instantiated as Spring's loader does. */
    private static List<FailureAnalyzer> registeredAnalyzers() throws Exception {
        List<FailureAnalyzer> analyzers = new ArrayList<>();
        ClassLoader loader = StartupFailureReportTest.class.getClassLoader();
        URL classes = AsyncKafkaAutoConfiguration.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation();
        for (URL url : Collections.list(loader.getResources("META-INF/spring.factories"))) {
            if (!url.toString().startsWith(classes.toString())) {
                continue;
            }
            Properties factories = new Properties();
            try (InputStream in = url.openStream()) {
                factories.load(in);
            }
            for (String name : StringUtils.commaDelimitedListToStringArray(
                    factories.getProperty(FailureAnalyzer.class.getName(), ""))) {
                Constructor<?> constructor =
                        Class.forName(name.trim(), true, loader).getDeclaredConstructor();
                constructor.setAccessible(true);
                analyzers.add((FailureAnalyzer) constructor.newInstance());
            }
        }
        assertThat(analyzers).as("registered in spring.factories").isNotEmpty();
        return analyzers;
    }
}
