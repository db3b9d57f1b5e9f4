package dev.asynckafka.spring.listener;

import dev.asynckafka.consumer.ConsumerRecord;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default error handler when dead letters are disabled: logs each record's coordinates and
 * the error at ERROR, then lets the container move on (the records count as done and are
 * committed). Use it only where losing a record after its retries is acceptable.
 */
public final class LoggingErrorHandler implements ListenerErrorHandler {
    private static final Logger log = LoggerFactory.getLogger(LoggingErrorHandler.class);

    @Override
    public CompletionStage<Void> handle(ListenerFailure failure) {
        for (ConsumerRecord<byte[], byte[]> r : failure.records()) {
            log.error(
                    "Listener {} failed record {}-{}@{} after {} attempt(s); skipping it (dead letters are disabled)",
                    failure.container().id(),
                    r.topic(),
                    r.partition(),
                    r.offset(),
                    failure.attempts(),
                    failure.error());
        }
        return CompletableFuture.completedFuture(null);
    }
}
