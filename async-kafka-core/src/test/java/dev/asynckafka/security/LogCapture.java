package dev.asynckafka.security;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/** Collects every log line of this JVM at DEBUG and above while open (for secret-leak checks). */
final class LogCapture extends AbstractAppender implements AutoCloseable {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final LoggerConfig root;
    private final org.apache.logging.log4j.Level previous;

    private LogCapture() {
        super("capture-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        start();
        root = config.getRootLogger();
        previous = root.getLevel();
        root.addAppender(this, org.apache.logging.log4j.Level.DEBUG, null);
        root.setLevel(org.apache.logging.log4j.Level.DEBUG);
        config.getLoggerConfig("dev.asynckafka").setLevel(org.apache.logging.log4j.Level.DEBUG);
        ctx.updateLoggers();
    }

    static LogCapture open() {
        return new LogCapture();
    }

    @Override
    public void append(LogEvent event) {
        StringBuilder line = new StringBuilder(event.getMessage().getFormattedMessage());
        for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
            line.append(" | ").append(t);
        }
        lines.add(line.toString());
    }

    List<String> lines() {
        return lines;
    }

    @Override
    public void close() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        root.removeAppender(getName());
        root.setLevel(previous);
        ctx.getConfiguration().getLoggerConfig("dev.asynckafka").setLevel(org.apache.logging.log4j.Level.INFO);
        ctx.updateLoggers();
        stop();
    }
}
