package dev.asynckafka;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Collects what one logger (and the loggers below it) logs at a level or above, while open: the
 * logger gets a configuration of its own at that level, removed again by {@link #close()}. Tests
 * only.
 */
public final class LogCapture extends AbstractAppender implements AutoCloseable {
    private final String loggerName;
    private final List<Level> levels = new ArrayList<>();
    private final List<String> messages = new ArrayList<>();

    private LogCapture(String loggerName, Level level) {
        super("log-capture-" + loggerName + "-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
        this.loggerName = loggerName;
        start();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        LoggerConfig config = new LoggerConfig(loggerName, level, false);
        config.addAppender(this, level, null);
        ctx.getConfiguration().addLogger(loggerName, config);
        ctx.updateLoggers();
    }

    /** Starts collecting what the logger named after {@code logger} logs at {@code level} and above. */
    public static LogCapture open(Class<?> logger, Level level) {
        return new LogCapture(logger.getName(), level);
    }

    /** Starts collecting what the named logger logs at {@code level} and above. */
    public static LogCapture open(String loggerName, Level level) {
        return new LogCapture(loggerName, level);
    }

    @Override
    public synchronized void append(LogEvent event) {
        levels.add(event.getLevel());
        messages.add(event.getMessage().getFormattedMessage());
    }

    /** Every message collected, in order. */
    public synchronized List<String> all() {
        return List.copyOf(messages);
    }

    /** The messages collected at exactly {@code level}, in order. */
    public synchronized List<String> at(Level level) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            if (levels.get(i) == level) {
                out.add(messages.get(i));
            }
        }
        return out;
    }

    @Override
    public void close() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().removeLogger(loggerName);
        ctx.updateLoggers();
        stop();
    }
}
