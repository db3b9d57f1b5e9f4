package dev.asynckafka.internal.config;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.errors.InvalidConfigurationException;
import dev.asynckafka.internal.config.KafkaPropertyTable.Entry;
import dev.asynckafka.internal.config.KafkaPropertyTable.Scope;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Applies maps of Kafka-named settings to the option builders through {@link KafkaPropertyTable}:
 * what the builders' {@code configure} and the options' {@code fromConfig} methods do. A name that
 * is unknown, or that belongs to another kind of client, fails with an {@link
 * InvalidConfigurationException} naming it and saying why; a bad value fails naming the setting,
 * showing the value (unless it is a secret) and saying what was expected.
 */
public final class KafkaConfig {
    /** Known Kafka properties this client sets in another way, with what to use instead. */
    private static final Map<String, String> INSTEAD = Map.of(
            "key.serializer",
            "a Serializer given to AsyncKafkaProducer.create",
            "value.serializer",
            "a Serializer given to AsyncKafkaProducer.create",
            "key.deserializer",
            "a Deserializer given to AsyncKafkaConsumer.create",
            "value.deserializer",
            "a Deserializer given to AsyncKafkaConsumer.create",
            "partitioner.class",
            "ProducerOptions.Builder.partitioner(Partitioner)",
            "sasl.login.callback.handler.class",
            "ClientOptions.Builder.sasl(SaslOptions.oauthBearer(tokenProvider))",
            "sasl.oauthbearer.token.endpoint.url",
            "ClientOptions.Builder.sasl(SaslOptions.oauthBearer(tokenProvider))");

    private static final String SUPPORTED = "the Kafka names of the client options, such as linger.ms,"
            + " max.poll.interval.ms, security.protocol; the README lists them all";

    private KafkaConfig() {}

    /** The two halves of a client's map: the names every client has, and those of its kind. */
    public record Split(Map<String, Object> client, Map<String, Object> kind) {}

    /**
     * Splits a kafka-clients style map of one kind of client into its client-wide and kind-specific
     * names, checking every name.
     *
     * @throws InvalidConfigurationException for a name that is unknown or not for this kind
     */
    public static Split split(Scope kind, Map<String, ?> config) {
        Map<String, Object> client = new LinkedHashMap<>();
        Map<String, Object> own = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : config.entrySet()) {
            String name = name(e.getKey());
            if (KafkaPropertyTable.names(Scope.CLIENT).contains(name)) {
                client.put(name, e.getValue());
            } else if (KafkaPropertyTable.names(kind).contains(name)) {
                own.put(name, e.getValue());
            } else {
                throw unsupported(name, kind);
            }
        }
        return new Split(client, own);
    }

    /**
     * Applies client-wide Kafka names to a client options builder, then the security options they
     * make up.
     *
     * @throws InvalidConfigurationException for an unknown or non-client name, or a bad value
     */
    public static void configureClient(ClientOptions.Builder builder, Map<String, ?> config) {
        KafkaSecuritySettings security = new KafkaSecuritySettings();
        ClientTarget target = new ClientTarget(builder, security);
        boolean tlsNamed = false;
        for (Map.Entry<String, ?> e : config.entrySet()) {
            String name = name(e.getKey());
            Entry<ClientTarget> entry = KafkaPropertyTable.client(name);
            if (entry == null) {
                throw otherKind(name, Scope.CLIENT, "ClientOptions.Builder");
            }
            apply(entry, target, e.getValue());
            tlsNamed |= name.startsWith("ssl.");
        }
        security.applyTo(builder, tlsNamed);
    }

    /**
     * Applies producer, consumer or admin Kafka names to that kind's builder.
     *
     * @param owner the builder's name, for the message about a client-wide name given to it
     * @throws InvalidConfigurationException for an unknown or other-kind name, or a bad value
     */
    public static <B> void configure(
            Scope kind, B builder, Map<String, ?> config, Function<String, @Nullable Entry<B>> table, String owner) {
        for (Map.Entry<String, ?> e : config.entrySet()) {
            String name = name(e.getKey());
            Entry<B> entry = table.apply(name);
            if (entry == null) {
                throw otherKind(name, kind, owner);
            }
            apply(entry, builder, e.getValue());
        }
    }

    /**
     * A {@link Properties} as the map kafka-clients makes of it: every key must be text, values are
     * kept as they are (text, or typed values put into it).
     *
     * @throws InvalidConfigurationException for a key that is not text
     */
    public static Map<String, Object> toMap(Properties properties) {
        Map<String, Object> map = new LinkedHashMap<>();
        synchronized (properties) {
            for (Map.Entry<Object, Object> e : properties.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new InvalidConfigurationException(
                            "Invalid configuration name " + e.getKey() + ": names must be text (String)");
                }
                map.put(key, e.getValue());
            }
        }
        return map;
    }

    private static <B> void apply(Entry<B> entry, B builder, @Nullable Object value) {
        String name = entry.kafkaName();
        if (value == null) {
            throw new InvalidConfigurationException("Invalid value for " + name + ": must not be null");
        }
        try {
            entry.setter().apply(builder, value);
        } catch (InvalidConfigurationException e) {
            if (String.valueOf(e.getMessage()).startsWith("Invalid value for ")) {
                throw e; // already names the setting (a core builder's own check)
            }
            throw new InvalidConfigurationException("Invalid value for " + name + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            String problem = String.valueOf(e.getMessage());
            String shown = String.valueOf(value);
            if (KafkaPropertyTable.SECRETS.contains(name) && !shown.isEmpty() && problem.contains(shown)) {
                problem = "invalid value (not shown: it is secret)";
            }
            throw new InvalidConfigurationException("Invalid value for " + name + ": " + problem, e);
        }
    }

    private static String name(@Nullable String key) {
        if (key == null) {
            throw new InvalidConfigurationException("Invalid configuration name null");
        }
        return key.trim();
    }

    private static InvalidConfigurationException unsupported(String name, Scope kind) {
        return new InvalidConfigurationException("Unsupported configuration " + name + ": "
                + KafkaPropertyTable.unknownReason(name, kind, INSTEAD, SUPPORTED));
    }

    private static InvalidConfigurationException otherKind(String name, Scope kind, String owner) {
        if (kind != Scope.CLIENT && KafkaPropertyTable.names(Scope.CLIENT).contains(name)) {
            return new InvalidConfigurationException("Unsupported configuration " + name + ": a setting of every"
                    + " client, so it belongs to ClientOptions.Builder.configure (or give the whole map to "
                    + owner.replace(".Builder", "") + ".fromConfig)");
        }
        if (kind == Scope.CLIENT && KafkaPropertyTable.isKnown(name)) {
            return new InvalidConfigurationException("Unsupported configuration " + name + ": not a setting of every"
                    + " client; give it to the options of the clients it is for (ProducerOptions, ConsumerOptions"
                    + " or AdminOptions)");
        }
        return unsupported(name, kind);
    }
}
