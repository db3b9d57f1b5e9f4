package dev.asynckafka.benchmarks;

import java.util.Map;

/** The scenarios run with async-kafka. */
final class AsyncKafkaScenarios {
    private AsyncKafkaScenarios() {}

    static Map<String, Double> run(ScenarioWorker.Scenario scenario, String bootstrap, String topic, int n, int size)
            throws Exception {
        throw new UnsupportedOperationException("async-kafka " + scenario + " is not available yet");
    }
}
