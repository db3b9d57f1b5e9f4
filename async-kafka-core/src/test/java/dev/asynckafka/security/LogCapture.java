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

/** Collects every log line of this JVM while open (for secret-leak checks and problem reports). */
final class LogCapture extends AbstractAppender implements AutoCloseable {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<String> clientProblems = new CopyOnWriteArrayList<>();
    private final LoggerConfig root;
    private final org.apache.logging.log4j.Level previous;
    private final boolean debug;

    private LogCapture(boolean debug) {
        super("capture-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        start();
        root = config.getRootLogger();
        previous = root.getLevel();
        this.debug = debug;
        root.addAppender(
                this, debug ? org.apache.logging.log4j.Level.DEBUG : org.apache.logging.log4j.Level.INFO, null);
        if (debug) {
            root.setLevel(org.apache.logging.log4j.Level.DEBUG);
            config.getLoggerConfig("dev.asynckafka").setLevel(org.apache.logging.log4j.Level.DEBUG);
        }
        ctx.updateLoggers();
    }

    /** Captures at DEBUG, raising the log levels meanwhile. */
    static LogCapture open() {
        return new LogCapture(true);
    }

    /** Captures at INFO with the configured levels (for long runs: DEBUG would flood the log). */
    static LogCapture openAtInfo() {
        return new LogCapture(false);
    }

    @Override
    public void append(LogEvent event) {
        StringBuilder line = new StringBuilder(event.getMessage().getFormattedMessage());
        for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
            line.append(" | ").append(t);
        }
        lines.add(line.toString());
        if (event.getLevel().isMoreSpecificThan(org.apache.logging.log4j.Level.WARN)
                && event.getLoggerName().startsWith("dev.asynckafka")) {
            clientProblems.add(event.getLevel() + " " + event.getLoggerName() + " - " + line);
        }
    }

    List<String> lines() {
        return lines;
    }

    /** WARN and ERROR lines of this project's loggers (the client's own complaints). */
    List<String> clientProblems() {
        return clientProblems;
    }

    @Override
    public void close() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        root.removeAppender(getName());
        if (debug) {
            root.setLevel(previous);
            ctx.getConfiguration().getLoggerConfig("dev.asynckafka").setLevel(org.apache.logging.log4j.Level.INFO);
        }
        ctx.updateLoggers();
        stop();
    }
}
