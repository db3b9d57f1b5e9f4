package dev.asynckafka.producer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/** Collects WARN and ERROR lines of one logger while open. Tests only. */
final class WarnCapture extends AbstractAppender implements AutoCloseable {
    private final String loggerName;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final LoggerConfig root;

    WarnCapture(Class<?> logger) {
        super("warn-capture-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
        this.loggerName = logger.getName();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        root = ctx.getConfiguration().getRootLogger();
        start();
        root.addAppender(this, Level.WARN, null);
        ctx.updateLoggers();
    }

    @Override
    public void append(LogEvent event) {
        if (event.getLoggerName().equals(loggerName)) {
            lines.add(event.getMessage().getFormattedMessage());
        }
    }

    List<String> lines() {
        return lines;
    }

    @Override
    public void close() {
        root.removeAppender(getName());
        ((LoggerContext) LogManager.getContext(false)).updateLoggers();
        stop();
    }
}
