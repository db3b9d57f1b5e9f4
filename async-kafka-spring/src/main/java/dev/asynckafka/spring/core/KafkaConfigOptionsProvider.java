package dev.asynckafka.spring.core;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.admin.AdminOptions;
import dev.asynckafka.consumer.ConsumerOptions;
import dev.asynckafka.errors.InvalidConfigurationException;
import dev.asynckafka.internal.config.KafkaConfig;
import dev.asynckafka.internal.config.KafkaPropertyTable;
import dev.asynckafka.internal.config.KafkaPropertyTable.Scope;
import dev.asynckafka.producer.ProducerOptions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Options from one kafka-clients style map shared by every kind of client (see {@link
 * AsyncKafkaOptionsProvider#fromConfig(Map)}): each kind takes the client-wide names and its own,
 * then the overrides.
 */
final class KafkaConfigOptionsProvider implements AsyncKafkaOptionsProvider {
    private static final String TRANSACTIONAL_ID = "transactional.id";
    private static final Pattern NAMED =
            Pattern.compile("(?:Invalid value for|Unsupported configuration) (\\S+): (.*)", Pattern.DOTALL);

    private final Map<String, Object> config;

    KafkaConfigOptionsProvider(Map<String, ?> config) {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : config.entrySet()) {
            String name = e.getKey().trim();
            if (!KafkaPropertyTable.isKnown(name)) {
                // The kind-specific checks below would skip it: no kind takes it.
                translate(() -> KafkaConfig.split(Scope.CLIENT, Map.of(name, "")));
            }
            copy.put(name, e.getValue());
        }
        this.config = Collections.unmodifiableMap(copy);
        producerOptions(null, Map.of());
        consumerOptions(null, null, Map.of());
        adminOptions(null, Map.of());
    }

    @Override
    public ProducerOptions producerOptions(@Nullable String clientIdSuffix, Map<String, String> overrides) {
        Map<String, Object> m = select(Scope.PRODUCER, clientIdSuffix, overrides);
        Object transactionalId = m.remove(TRANSACTIONAL_ID);
        return translate(() -> {
            KafkaConfig.Split split = KafkaConfig.split(Scope.PRODUCER, m);
            ProducerOptions.Builder b = ProducerOptions.builder(ClientOptions.fromConfig(split.client()))
                    .configure(split.kind());
            if (transactionalId != null) {
                b.transactionalId(String.valueOf(transactionalId));
            }
            return b.build();
        });
    }

    @Override
    public ConsumerOptions consumerOptions(
            @Nullable String groupId, @Nullable String clientIdSuffix, Map<String, String> overrides) {
        Map<String, Object> m = select(Scope.CONSUMER, clientIdSuffix, overrides);
        if (groupId != null) {
            m.put("group.id", groupId);
        }
        return translate(() -> ConsumerOptions.fromConfig(m));
    }

    @Override
    public AdminOptions adminOptions(@Nullable String clientIdSuffix, Map<String, String> overrides) {
        return translate(() -> AdminOptions.fromConfig(select(Scope.ADMIN, clientIdSuffix, overrides)));
    }

    /** The shared names this kind takes, the overrides on top, and the suffixed client id. */
    private Map<String, Object> select(Scope kind, @Nullable String suffix, Map<String, String> overrides) {
        Map<String, Object> m = new LinkedHashMap<>();
        config.forEach((name, value) -> {
            if (KafkaPropertyTable.names(Scope.CLIENT).contains(name)
                    || KafkaPropertyTable.names(kind).contains(name)) {
                m.put(name, value);
            }
        });
        overrides.forEach((name, value) -> m.put(name.trim(), value));
        if (kind != Scope.PRODUCER && m.containsKey(TRANSACTIONAL_ID)) {
            translate(() -> KafkaConfig.split(kind, Map.of(TRANSACTIONAL_ID, "")));
        }
        Object id = m.getOrDefault("client.id", ClientOptions.DEFAULT_CLIENT_ID);
        if (suffix != null && !suffix.isEmpty()) {
            m.put("client.id", id + "-" + suffix);
        }
        return m;
    }

    /** The core's errors as this interface promises them: naming the setting. */
    private static <T> T translate(Supplier<T> step) {
        try {
            return step.get();
        } catch (InvalidConfigurationException e) {
            String message = String.valueOf(e.getMessage());
            Matcher m = NAMED.matcher(message);
            if (m.matches()) {
                throw new InvalidAsyncKafkaPropertyException(m.group(1), m.group(2), e);
            }
            throw new InvalidAsyncKafkaPropertyException("configuration", message, e);
        }
    }
}
