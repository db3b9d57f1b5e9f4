package dev.asynckafka.spring.autoconfigure;

import dev.asynckafka.spring.listener.AsyncKafkaListener;
import dev.asynckafka.spring.listener.InvalidAsyncKafkaListenerException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an invalid {@link AsyncKafkaListener} declaration into a startup report naming the method. */
final class InvalidAsyncKafkaListenerFailureAnalyzer
        extends AbstractFailureAnalyzer<InvalidAsyncKafkaListenerException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidAsyncKafkaListenerException cause) {
        return new FailureAnalysis(
                "Invalid @AsyncKafkaListener declaration: " + cause.getMessage(),
                "Correct the listener method's @AsyncKafkaListener attributes or signature (README's"
                        + " @AsyncKafkaListener section lists the supported parameters and return types).",
                cause);
    }
}
