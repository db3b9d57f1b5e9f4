package dev.asynckafka.spring.autoconfigure;

import dev.asynckafka.spring.core.InvalidAsyncKafkaPropertyException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an invalid {@code async-kafka.*} property into a startup report naming it. */
final class InvalidAsyncKafkaPropertyFailureAnalyzer
        extends AbstractFailureAnalyzer<InvalidAsyncKafkaPropertyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidAsyncKafkaPropertyException cause) {
        return new FailureAnalysis(
                "Invalid async-kafka configuration: " + cause.getMessage(),
                "Correct " + cause.property() + " in the application's configuration (the README's configuration"
                        + " reference lists every async-kafka property with its valid values).",
                cause);
    }
}
