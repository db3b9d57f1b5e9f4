package dev.asynckafka.internal.config;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.admin.AdminOptions;
import dev.asynckafka.consumer.AutoOffsetReset;
import dev.asynckafka.consumer.ConsumerOptions;
import dev.asynckafka.consumer.GroupProtocol;
import dev.asynckafka.consumer.IsolationLevel;
import dev.asynckafka.producer.Acks;
import dev.asynckafka.producer.ProducerOptions;
import dev.asynckafka.record.CompressionType;
import dev.asynckafka.security.Password;
import dev.asynckafka.security.SaslMechanism;
import dev.asynckafka.security.SecurityProtocol;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The one mapping from Kafka's property names ({@code linger.ms}, {@code max.poll.interval.ms},
 * {@code security.protocol}, ...) onto the option builders: behind the builders' {@code configure}
 * methods and the Spring starter's {@code properties} maps and client factory overrides. Each entry
 * knows its scope (every client, or only producers, consumers or admin clients), the starter's typed
 * {@code async-kafka.*} property it corresponds to (so the starter's errors can name what the user
 * wrote) and how to convert and apply a value. Values are text, as in a {@code .properties} file, or
 * typed as kafka-clients accepts them (numbers, booleans, lists, and the core's own types such as
 * {@link Duration}, {@link Acks} or {@link Password}); a bad value throws {@link
 * IllegalArgumentException} with a message that shows the value and says what was expected.
 */
public final class KafkaPropertyTable {

    /** Which clients a Kafka property applies to. */
    public enum Scope {
        CLIENT,
        PRODUCER,
        CONSUMER,
        ADMIN
    }

    /** Applies one value to a builder; throws IllegalArgumentException for a bad value. */
    @FunctionalInterface
    public interface Setter<B> {
        /**
         * Converts and applies the value.
         *
         * @throws IllegalArgumentException when the value cannot be converted or is out of range
         */
        void apply(B builder, Object value);
    }

    /**
     * One Kafka property: its name, the clients it applies to, the starter's typed property (relative
     * to {@code async-kafka.}, or null when it has none) and how to apply a value.
     */
    public record Entry<B>(
            String kafkaName, Scope scope, @Nullable String starterProperty, Setter<B> setter) {}

    /** Kafka properties whose values are secrets: never echoed in a message. */
    public static final Set<String> SECRETS = Set.of(
            "sasl.jaas.config",
            "ssl.truststore.password",
            "ssl.keystore.password",
            "ssl.key.password",
            "ssl.keystore.key");

    private static final Map<String, Entry<ClientTarget>> CLIENT = new LinkedHashMap<>();
    private static final Map<String, Entry<ProducerOptions.Builder>> PRODUCER = new LinkedHashMap<>();
    private static final Map<String, Entry<ConsumerOptions.Builder>> CONSUMER = new LinkedHashMap<>();
    private static final Map<String, Entry<AdminOptions.Builder>> ADMIN = new LinkedHashMap<>();

    static {
        client("bootstrap.servers", "bootstrap-servers", (c, v) -> c.client().bootstrapServers(list(v)));
        client("client.id", "client-id", (c, v) -> c.client().clientId(text(v)));
        client("request.timeout.ms", "request-timeout", (c, v) -> c.client().requestTimeout(millis(v)));
        client(
                "socket.connection.setup.timeout.ms",
                "socket-connection-setup-timeout",
                (c, v) -> c.client().socketConnectionSetupTimeout(millis(v)));
        client("reconnect.backoff.ms", "reconnect-backoff", (c, v) -> c.client().reconnectBackoff(millis(v)));
        client(
                "reconnect.backoff.max.ms",
                "reconnect-backoff-max",
                (c, v) -> c.client().reconnectBackoffMax(millis(v)));
        client("retry.backoff.ms", "retry-backoff", (c, v) -> c.client().retryBackoff(millis(v)));
        client("retry.backoff.max.ms", "retry-backoff-max", (c, v) -> c.client().retryBackoffMax(millis(v)));
        client(
                "connections.max.idle.ms",
                "connections-max-idle",
                (c, v) -> c.client().connectionsMaxIdle(millis(v)));
        client("metadata.max.age.ms", "metadata-max-age", (c, v) -> c.client().metadataMaxAge(millis(v)));
        client(
                "max.in.flight.requests.per.connection",
                "max-in-flight-requests-per-connection",
                (c, v) -> c.client().maxInFlightRequestsPerConnection(integer(v)));
        client("max.response.size", null, (c, v) -> c.client().maxResponseSize(integer(v)));
        client(
                "client.dns.lookup",
                "client-dns-lookup",
                (c, v) -> c.client().clientDnsLookup(enumValue(ClientOptions.ClientDnsLookup.class, v)));
        client("security.protocol", "security.protocol", (c, v) -> c.security().protocol = securityProtocol(v));
        client("sasl.mechanism", "security.sasl.mechanism", (c, v) -> c.security().mechanism = saslMechanism(v));
        client("sasl.jaas.config", null, (c, v) -> c.security().jaasConfig(text(v)));
        client(
                "ssl.endpoint.identification.algorithm",
                "ssl.endpoint-identification",
                (c, v) -> c.security().endpointIdentification = endpointIdentification(v));
        client("ssl.enabled.protocols", null, (c, v) -> c.security().protocols = list(v));
        client("ssl.cipher.suites", null, (c, v) -> c.security().cipherSuites = list(v));
        client("ssl.truststore.location", null, (c, v) -> c.security().trustStore = path(v));
        client("ssl.truststore.type", null, (c, v) -> c.security().trustStoreType = text(v).trim());
        client("ssl.truststore.password", null, (c, v) -> c.security().trustStorePassword = password(v));
        client("ssl.truststore.certificates", null, (c, v) -> c.security().trustCertificatesPem = text(v));
        client("ssl.keystore.location", null, (c, v) -> c.security().keyStore = path(v));
        client("ssl.keystore.type", null, (c, v) -> c.security().keyStoreType = text(v).trim());
        client("ssl.keystore.password", null, (c, v) -> c.security().keyStorePassword = password(v));
        client("ssl.key.password", null, (c, v) -> c.security().keyPassword = password(v));
        client("ssl.keystore.certificate.chain", null, (c, v) -> c.security().keyCertificateChainPem = text(v));
        client("ssl.keystore.key", null, (c, v) -> c.security().privateKeyPem = text(v));

        producer("acks", "producer.acks", (b, v) -> b.acks(acks(v)));
        producer("enable.idempotence", "producer.enable-idempotence", (b, v) -> b.enableIdempotence(bool(v)));
        producer("batch.size", "producer.batch-size", (b, v) -> b.batchSize(integer(v)));
        producer("linger.ms", "producer.linger", (b, v) -> b.linger(millis(v)));
        producer("compression.type", "producer.compression-type", (b, v) -> b.compressionType(compression(v)));
        producer("buffer.memory", "producer.buffer-memory", (b, v) -> b.bufferMemory(longValue(v)));
        producer("max.block.ms", "producer.max-block", (b, v) -> b.maxBlock(millis(v)));
        producer("max.request.size", "producer.max-request-size", (b, v) -> b.maxRequestSize(integer(v)));
        producer("delivery.timeout.ms", "producer.delivery-timeout", (b, v) -> b.deliveryTimeout(millis(v)));
        producer("retries", "producer.retries", (b, v) -> b.retries(integer(v)));
        producer(
                "partitioner.ignore.keys",
                "producer.partitioner-ignore-keys",
                (b, v) -> b.partitionerIgnoreKeys(bool(v)));
        producer("transaction.timeout.ms", "producer.transaction-timeout", (b, v) -> b.transactionTimeout(millis(v)));

        consumer("group.id", "consumer.group-id", (b, v) -> b.groupId(text(v)));
        consumer("group.instance.id", "consumer.group-instance-id", (b, v) -> b.groupInstanceId(text(v)));
        consumer(
                "group.protocol",
                "consumer.group-protocol",
                (b, v) -> b.groupProtocol(v instanceof GroupProtocol p ? p : GroupProtocol.of(text(v))));
        consumer("group.remote.assignor", "consumer.group-remote-assignor", (b, v) -> b.groupRemoteAssignor(text(v)));
        consumer("auto.offset.reset", "consumer.auto-offset-reset", (b, v) -> b.autoOffsetReset(autoOffsetReset(v)));
        consumer("isolation.level", "consumer.isolation-level", (b, v) -> b.isolationLevel(isolationLevel(v)));
        consumer("session.timeout.ms", "consumer.session-timeout", (b, v) -> b.sessionTimeout(millis(v)));
        consumer("heartbeat.interval.ms", "consumer.heartbeat-interval", (b, v) -> b.heartbeatInterval(millis(v)));
        consumer("rebalance.timeout.ms", "consumer.rebalance-timeout", (b, v) -> b.rebalanceTimeout(millis(v)));
        consumer("max.poll.interval.ms", "consumer.max-poll-interval", (b, v) -> b.maxPollInterval(millis(v)));
        consumer("enable.auto.commit", "consumer.enable-auto-commit", (b, v) -> b.enableAutoCommit(bool(v)));
        consumer("auto.commit.interval.ms", "consumer.auto-commit-interval", (b, v) -> b.autoCommitInterval(millis(v)));
        consumer("fetch.min.bytes", "consumer.fetch-min-bytes", (b, v) -> b.fetchMinBytes(integer(v)));
        consumer("fetch.max.bytes", "consumer.fetch-max-bytes", (b, v) -> b.fetchMaxBytes(integer(v)));
        consumer("fetch.max.wait.ms", "consumer.fetch-max-wait", (b, v) -> b.fetchMaxWait(millis(v)));
        consumer(
                "max.partition.fetch.bytes",
                "consumer.max-partition-fetch-bytes",
                (b, v) -> b.maxPartitionFetchBytes(integer(v)));
        consumer(
                "partition.buffer.bytes",
                "consumer.partition-buffer-bytes",
                (b, v) -> b.partitionBufferBytes(integer(v)));
        consumer("total.buffer.bytes", "consumer.total-buffer-bytes", (b, v) -> b.totalBufferBytes(longValue(v)));
        consumer("check.crcs", "consumer.check-crcs", (b, v) -> b.checkCrcs(bool(v)));
        consumer("client.rack", "consumer.client-rack", (b, v) -> b.clientRack(text(v).trim()));
        consumer("default.api.timeout.ms", "consumer.default-api-timeout", (b, v) -> b.defaultApiTimeout(millis(v)));
        consumer(
                "partition.assignment.strategy",
                "consumer.assignors",
                (b, v) -> b.assignorNames(list(v).toArray(String[]::new)));

        admin("default.api.timeout.ms", "admin.default-api-timeout", (b, v) -> b.defaultApiTimeout(millis(v)));
    }

    private KafkaPropertyTable() {}

    private static void client(String name, @Nullable String starter, Setter<ClientTarget> setter) {
        CLIENT.put(name, new Entry<>(name, Scope.CLIENT, starter, setter));
    }

    private static void producer(String name, String starter, Setter<ProducerOptions.Builder> setter) {
        PRODUCER.put(name, new Entry<>(name, Scope.PRODUCER, starter, setter));
    }

    private static void consumer(String name, String starter, Setter<ConsumerOptions.Builder> setter) {
        CONSUMER.put(name, new Entry<>(name, Scope.CONSUMER, starter, setter));
    }

    private static void admin(String name, String starter, Setter<AdminOptions.Builder> setter) {
        ADMIN.put(name, new Entry<>(name, Scope.ADMIN, starter, setter));
    }

    /** The entry of a Kafka name of this scope, or null. */
    public static @Nullable Entry<ClientTarget> client(String name) {
        return CLIENT.get(name);
    }

    /** The entry of a Kafka name of this scope, or null. */
    public static @Nullable Entry<ProducerOptions.Builder> producer(String name) {
        return PRODUCER.get(name);
    }

    /** The entry of a Kafka name of this scope, or null. */
    public static @Nullable Entry<ConsumerOptions.Builder> consumer(String name) {
        return CONSUMER.get(name);
    }

    /** The entry of a Kafka name of this scope, or null. */
    public static @Nullable Entry<AdminOptions.Builder> admin(String name) {
        return ADMIN.get(name);
    }

    /** Whether any client knows the name. */
    public static boolean isKnown(String name) {
        return CLIENT.containsKey(name)
                || PRODUCER.containsKey(name)
                || CONSUMER.containsKey(name)
                || ADMIN.containsKey(name);
    }

    /** Every known Kafka name of the given scope, in table order. */
    public static Set<String> names(Scope scope) {
        return switch (scope) {
            case CLIENT -> CLIENT.keySet();
            case PRODUCER -> PRODUCER.keySet();
            case CONSUMER -> CONSUMER.keySet();
            case ADMIN -> ADMIN.keySet();
        };
    }

    /** The typed {@code async-kafka.*} property (relative name) of a Kafka name in a scope, or null. */
    public static @Nullable String starterProperty(Scope scope, String kafkaName) {
        Entry<?> e = CLIENT.get(kafkaName);
        if (e == null) {
            e = switch (scope) {
                case CLIENT -> null;
                case PRODUCER -> PRODUCER.get(kafkaName);
                case CONSUMER -> CONSUMER.get(kafkaName);
                case ADMIN -> ADMIN.get(kafkaName);
            };
        }
        return e == null ? null : e.starterProperty();
    }

    /**
     * Why a name cannot be used by a client of the scope: known to be set differently (the caller's
     * {@code instead} hints), known but for other clients, or unknown.
     */
    public static String unknownReason(String name, Scope scope, Map<String, String> instead, String supported) {
        String hint = instead.get(name);
        if (hint != null) {
            return "not supported as a Kafka property here; use " + hint;
        }
        if (isKnown(name)) {
            return "does not apply to " + scope.name().toLowerCase(Locale.ROOT) + " clients";
        }
        return "unknown Kafka property (supported: " + supported + ")";
    }

    /** A value as messages show it: text in quotes, other types with their type. */
    static String show(Object value) {
        return value instanceof CharSequence
                ? "'" + value + "'"
                : "'" + value + "' (" + value.getClass().getSimpleName() + ")";
    }

    /** Text: a string (kafka-clients accepts nothing else for its string settings). */
    public static String text(Object value) {
        if (value instanceof CharSequence text) {
            return text.toString();
        }
        throw new IllegalArgumentException(show(value) + " is not text");
    }

    /** Milliseconds as a whole number (text or integral number), or a {@link Duration}. */
    public static Duration millis(Object value) {
        if (value instanceof Duration d) {
            return d;
        }
        try {
            return Duration.ofMillis(longValue(value));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(show(value) + " is not a whole number of milliseconds or a Duration");
        }
    }

    /** A long: text or an integral number. */
    public static long longValue(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof CharSequence text) {
            try {
                return Long.parseLong(text.toString().trim());
            } catch (NumberFormatException e) {
                // the message below
            }
        }
        throw new IllegalArgumentException(show(value) + " is not a whole number");
    }

    /** An int: text or an integral number in the int range. */
    public static int integer(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        if (value instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
            return l.intValue();
        }
        if (value instanceof CharSequence text) {
            try {
                return Integer.parseInt(text.toString().trim());
            } catch (NumberFormatException e) {
                // the message below
            }
        }
        throw new IllegalArgumentException(
                show(value) + " is not a whole number between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE);
    }

    /** A boolean: a {@link Boolean} or the text true or false, in any case. */
    public static boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof CharSequence text) {
            String v = text.toString().trim();
            if (v.equalsIgnoreCase("true")) {
                return true;
            }
            if (v.equalsIgnoreCase("false")) {
                return false;
            }
        }
        throw new IllegalArgumentException(show(value) + " is neither true nor false");
    }

    /** A list: comma-separated text, or a collection of texts (empty entries dropped). */
    public static List<String> list(Object value) {
        if (value instanceof CharSequence text) {
            return Arrays.stream(text.toString().split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .toList();
        }
        if (value instanceof Collection<?> items) {
            List<String> out = new ArrayList<>();
            for (Object item : items) {
                if (!(item instanceof CharSequence)) {
                    throw new IllegalArgumentException(
                            show(value) + " is not a list of texts (" + (item == null ? "null" : show(item)) + ")");
                }
                String v = item.toString().trim();
                if (!v.isEmpty()) {
                    out.add(v);
                }
            }
            return List.copyOf(out);
        }
        throw new IllegalArgumentException(show(value) + " is neither comma-separated text nor a list");
    }

    /** {@code acks}: an {@link Acks}, the text all, -1, 1 or 0, or the number -1, 1 or 0. */
    public static Acks acks(Object value) {
        if (value instanceof Acks a) {
            return a;
        }
        if (value instanceof Integer || value instanceof CharSequence) {
            switch (value.toString().trim().toLowerCase(Locale.ROOT)) {
                case "all", "-1" -> {
                    return Acks.ALL;
                }
                case "1" -> {
                    return Acks.LEADER;
                }
                case "0" -> {
                    return Acks.NONE;
                }
                default -> {
                    // the message below
                }
            }
        }
        throw new IllegalArgumentException(show(value) + " is not one of all, -1, 1, 0");
    }

    /** A {@link SecurityProtocol} or its name. */
    public static SecurityProtocol securityProtocol(Object value) {
        return enumValue(SecurityProtocol.class, value);
    }

    private static SaslMechanism saslMechanism(Object value) {
        return value instanceof SaslMechanism m ? m : SaslMechanism.forName(text(value));
    }

    private static CompressionType compression(Object value) {
        return value instanceof CompressionType c
                ? c
                : CompressionType.forName(text(value).trim());
    }

    private static AutoOffsetReset autoOffsetReset(Object value) {
        return value instanceof AutoOffsetReset r ? r : AutoOffsetReset.forName(text(value));
    }

    private static IsolationLevel isolationLevel(Object value) {
        return value instanceof IsolationLevel l ? l : IsolationLevel.forName(text(value));
    }

    private static Path path(Object value) {
        return value instanceof Path p ? p : Path.of(text(value));
    }

    private static Password password(Object value) {
        // Never shown: a wrong type says only which type it was.
        if (value instanceof Password p) {
            return p;
        }
        if (value instanceof CharSequence text) {
            return Password.of(text.toString());
        }
        throw new IllegalArgumentException("a " + value.getClass().getSimpleName() + " is not a password");
    }

    private static boolean endpointIdentification(Object value) {
        String v = text(value).trim();
        if (v.isEmpty()) {
            return false;
        }
        if (v.equalsIgnoreCase("https")) {
            return true;
        }
        throw new IllegalArgumentException(show(value) + " is not supported (use https, or empty to turn it off)");
    }

    /** A constant of the enum, or its name in any case. */
    public static <E extends Enum<E>> E enumValue(Class<E> type, Object value) {
        if (type.isInstance(value)) {
            return type.cast(value);
        }
        if (value instanceof CharSequence text) {
            String v = text.toString().trim();
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equalsIgnoreCase(v)) {
                    return constant;
                }
            }
        }
        throw new IllegalArgumentException(show(value) + " is not one of "
                + Arrays.stream(type.getEnumConstants()).map(Enum::name).toList());
    }
}
