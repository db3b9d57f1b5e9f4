package dev.asynckafka.spring.listener;

import dev.asynckafka.spring.core.AsyncKafkaClientFactory;
import java.util.List;
import java.util.function.Supplier;

/** The error handlers async-kafka provides, for configurations that declare one as a bean. */
public final class ListenerErrorHandlers {
    private ListenerErrorHandlers() {}

    /**
     * The default handler for these settings: publishing to dead-letter topics (the record's topic
     * plus the configured suffix, with the {@link DeadLetterHeaders}), or logging when dead letters
     * are disabled. The dead-letter handler creates its producer on first use and closes it when
     * destroyed, so declare it as a bean (its {@code DisposableBean} callback runs with the
     * context's close).
     *
     * @param deadLetter whether dead letters are enabled, and the topic suffix
     * @param factory creates the dead-letter producer
     * @param observers told of every record published to a dead-letter topic, read on each failure
     */
    public static ListenerErrorHandler defaultHandler(
            ListenerSettings.DeadLetter deadLetter,
            AsyncKafkaClientFactory factory,
            Supplier<List<ListenerObserver>> observers) {
        if (!deadLetter.enabled()) {
            return new LoggingErrorHandler();
        }
        return new DeadLetterPublisher(factory, deadLetter.topicSuffix(), observers);
    }
}
