package dev.asynckafka.test;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** This module's tests log with Log4j 2 (log4j2-test.xml configures kafka and org.apache.kafka). */
class BrokerLoggingTest {

    /** Back to log4j2-test.xml (clusters started by other tests in this JVM set these loggers). */
    @BeforeEach
    @AfterEach
    void restore() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        config.removeLogger("state.change.logger");
        config.removeLogger("kafka.request.logger");
        ctx.updateLoggers();
    }

    @Test
    void whenALoggerHasNoLevelOfItsOwnThenTheBrokerLevelIsSetElseItIsLeftAlone() {
        assertThat(LogManager.getLogger("state.change.logger").getLevel())
                .as("inherited from the root")
                .isEqualTo(LogManager.getRootLogger().getLevel());

        assertThat(BrokerLogging.quiet("error")).containsExactly("state.change.logger", "kafka.request.logger");

        assertThat(LogManager.getLogger("state.change.logger").getLevel()).isEqualTo(Level.ERROR);
        assertThat(LogManager.getLogger("kafka.request.logger").getLevel()).isEqualTo(Level.ERROR);
        assertThat(LogManager.getLogger("kafka").getLevel())
                .as("configured in log4j2-test.xml, so untouched")
                .isEqualTo(Level.WARN);
        assertThat(LogManager.getLogger("org.apache.kafka").getLevel()).isEqualTo(Level.WARN);
    }
}
