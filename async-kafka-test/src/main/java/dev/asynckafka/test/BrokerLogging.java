package dev.asynckafka.test;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Keeps the in-process broker quiet: a broker logs several hundred INFO lines while it starts,
 * which buries a test's own output. Sets the level of the broker's loggers ({@link #BROKER_LOGGERS})
 * where the application did not configure one itself, for the two logging back-ends SLF4J is
 * usually bound to in tests: Logback (Spring Boot's default) and Log4j 2. Anything else is left
 * alone. Reflection keeps both optional.
 */
final class BrokerLogging {
    /** The loggers the broker logs to (its Scala and Java code, the state-change and request logs). */
    static final List<String> BROKER_LOGGERS =
            List.of("kafka", "org.apache.kafka", "state.change.logger", "kafka.request.logger");

    private BrokerLogging() {}

    /**
     * Sets {@code level} on each broker logger that has no level of its own.
     *
     * @param level a level name such as {@code WARN}
     * @return the loggers whose level was set (empty when the back-end is neither of the two, or
     *     every logger was configured already)
     */
    static List<String> quiet(String level) {
        String name = level.toUpperCase(Locale.ROOT);
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        try {
            if (factory.getClass().getName().equals("ch.qos.logback.classic.LoggerContext")) {
                return logback(factory, name);
            }
            if (factory.getClass().getName().startsWith("org.apache.logging.slf4j.")) {
                return log4j2(name);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Logging levels are a convenience: never fail a test over them.
        }
        return List.of();
    }

    private static List<String> logback(ILoggerFactory factory, String level) throws ReflectiveOperationException {
        Class<?> levelClass = Class.forName(
                "ch.qos.logback.classic.Level", true, factory.getClass().getClassLoader());
        Object target = levelClass.getMethod("toLevel", String.class).invoke(null, level);
        List<String> set = new java.util.ArrayList<>();
        for (String loggerName : BROKER_LOGGERS) {
            Object logger = factory.getLogger(loggerName);
            Method getLevel = logger.getClass().getMethod("getLevel");
            if (getLevel.invoke(logger) == null) {
                logger.getClass().getMethod("setLevel", levelClass).invoke(logger, target);
                set.add(loggerName);
            }
        }
        return set;
    }

    private static List<String> log4j2(String level) throws ReflectiveOperationException {
        ClassLoader loader = BrokerLogging.class.getClassLoader();
        Class<?> logManager = Class.forName("org.apache.logging.log4j.LogManager", true, loader);
        Object context = logManager.getMethod("getContext", boolean.class).invoke(null, false);
        Class<?> coreContext = Class.forName("org.apache.logging.log4j.core.LoggerContext", true, loader);
        if (!coreContext.isInstance(context)) {
            return List.of();
        }
        Object configuration = coreContext.getMethod("getConfiguration").invoke(context);
        Map<?, ?> configured =
                (Map<?, ?>) configuration.getClass().getMethod("getLoggers").invoke(configuration);
        Class<?> levelClass = Class.forName("org.apache.logging.log4j.Level", true, loader);
        Object target = levelClass.getMethod("toLevel", String.class).invoke(null, level);
        Class<?> configurator = Class.forName("org.apache.logging.log4j.core.config.Configurator", true, loader);
        Method setLevel = configurator.getMethod("setLevel", String.class, levelClass);
        List<String> set = new java.util.ArrayList<>();
        for (String loggerName : BROKER_LOGGERS) {
            if (!configured.containsKey(loggerName)) {
                setLevel.invoke(null, loggerName, target);
                set.add(loggerName);
            }
        }
        return set;
    }
}
