package dev.asynckafka.spring.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.asynckafka.test.EmbeddedKafkaCluster;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The test kit's broker is quiet under Logback with Spring Boot's default levels (root INFO, no
 * level for Kafka's loggers), where it printed some 430 INFO lines into a new user's test output.
 */
class EmbeddedBrokerLoggingIT {
    private static final List<String> BROKER_LOGGERS =
            List.of("kafka", "org.apache.kafka", "state.change.logger", "kafka.request.logger");

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private final Map<String, Level> saved = new HashMap<>();
    private Level savedRoot;

    @BeforeEach
    void bootDefaults() {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        savedRoot = root.getLevel();
        root.setLevel(Level.INFO);
        for (String name : BROKER_LOGGERS) {
            saved.put(name, context.getLogger(name).getLevel());
            context.getLogger(name).setLevel(null);
        }
        events.start();
        root.addAppender(events);
    }

    @AfterEach
    void restore() {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAppender(events);
        root.setLevel(savedRoot);
        saved.forEach((name, level) -> context.getLogger(name).setLevel(level));
    }

    @Test
    void aStartingBrokerLogsNothingBelowWarnByDefault() {
        try (EmbeddedKafkaCluster cluster =
                EmbeddedKafkaCluster.builder().topic("quiet", 1).start()) {
            assertThat(cluster.bootstrapServers()).isNotEmpty();
        }
        List<String> brokerInfo = events.list.stream()
                .filter(e -> !e.getLevel().isGreaterOrEqual(Level.WARN))
                .filter(e ->
                        BROKER_LOGGERS.stream().anyMatch(n -> e.getLoggerName().startsWith(n)))
                .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage())
                .toList();
        assertThat(brokerInfo).isEmpty();
        assertThat(context.getLogger("kafka").getLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void aConfiguredLevelIsLeftAlone() {
        context.getLogger("kafka").setLevel(Level.INFO);
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().start()) {
            assertThat(cluster.bootstrapServers()).isNotEmpty();
        }
        assertThat(context.getLogger("kafka").getLevel()).isEqualTo(Level.INFO);
        assertThat(events.list)
                .as("the broker's INFO lines, as configured")
                .anyMatch(e -> e.getLevel() == Level.INFO && e.getLoggerName().startsWith("kafka"));
    }
}
