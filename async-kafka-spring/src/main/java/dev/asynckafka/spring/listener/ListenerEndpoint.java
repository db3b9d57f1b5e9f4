package dev.asynckafka.spring.listener;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One resolved {@link AsyncKafkaListener}: placeholders resolved, attributes validated.
 *
 * @param id the listener id
 * @param method the method and its bindings
 * @param topics the topics (empty with a pattern)
 * @param pattern the topic pattern, or null with topics
 * @param groupId the group id, or null for the configured default
 * @param settings the container settings (with the listener's own concurrency)
 * @param autoStartup whether the container starts with the context
 * @param overrides consumer properties by Kafka name
 */
record ListenerEndpoint(
        String id,
        ListenerMethod method,
        List<String> topics,
        @Nullable Pattern pattern,
        @Nullable String groupId,
        ListenerSettings settings,
        boolean autoStartup,
        Map<String, String> overrides) {

    ListenerEndpoint {
        Objects.requireNonNull(id, "id");
        topics = List.copyOf(topics);
        overrides = Map.copyOf(overrides);
    }
}
