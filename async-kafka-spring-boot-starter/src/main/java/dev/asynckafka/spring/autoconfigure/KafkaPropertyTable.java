package dev.asynckafka.spring.autoconfigure;

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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The one mapping from Kafka's property names ({@code linger.ms}, {@code max.poll.interval.ms},
 * {@code security.protocol}, ...) onto the core's option builders, used for the {@code properties}
 * maps and for client factory overrides. Each entry knows its scope (every client, or only
 * producers, consumers or admin clients), the typed {@code async-kafka.*} property it corresponds to
 * (so errors from the core builders can name what the user wrote) and how to parse and apply a value.
 */
final class KafkaPropertyTable {

    /** Which clients a Kafka property applies to. */
    enum Scope {
        CLIENT,
        PRODUCER,
        CONSUMER,
        ADMIN
    }

    /** Applies one textual value to a builder; throws IllegalArgumentException for a bad value. */
    @FunctionalInterface
    interface Setter<B> {
        void apply(B builder, String value);
    }

    /** One Kafka property. */
    record Entry<B>(String kafkaName, Scope scope, @Nullable String starterProperty, Setter<B> setter) {}

    /** Kafka properties whose values are secrets: never echoed in a message. */
    static final Set<String> SECRETS = Set.of(
            "sasl.jaas.config",
            "ssl.truststore.password",
            "ssl.keystore.password",
            "ssl.key.password",
            "ssl.keystore.key");

    /** Known Kafka properties this client sets differently, with what to use instead. */
    private static final Map<String, String> INSTEAD = Map.of(
            "key.serializer", "async-kafka.producer.key-serializer (or a Serializer bean)",
            "value.serializer", "async-kafka.producer.value-serializer (or a Serializer bean)",
            "key.deserializer", "async-kafka.consumer.key-deserializer (or a Deserializer bean)",
            "value.deserializer", "async-kafka.consumer.value-deserializer (or a Deserializer bean)",
            "partitioner.class", "a ProducerOptionsCustomizer that sets a Partitioner",
            "sasl.login.callback.handler.class", "an OAuthBearerTokenProvider bean",
            "sasl.oauthbearer.token.endpoint.url", "an OAuthBearerTokenProvider bean");

    private static final Map<String, Entry<ClientSettings>> CLIENT = new LinkedHashMap<>();
    private static final Map<String, Entry<ProducerOptions.Builder>> PRODUCER = new LinkedHashMap<>();
    private static final Map<String, Entry<ConsumerOptions.Builder>> CONSUMER = new LinkedHashMap<>();
    private static final Map<String, Entry<AdminOptions.Builder>> ADMIN = new LinkedHashMap<>();

    static {
        client("bootstrap.servers", "bootstrap-servers", (c, v) -> c.client().bootstrapServers(v));
        client("client.id", "client-id", (c, v) -> c.client().clientId(v));
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
        client(
                "sasl.mechanism",
                "security.sasl.mechanism",
                (c, v) -> c.security().mechanism = SaslMechanism.forName(v));
        client("sasl.jaas.config", null, (c, v) -> c.security().jaasConfig(v));
        client(
                "ssl.endpoint.identification.algorithm",
                "ssl.endpoint-identification",
                (c, v) -> c.security().endpointIdentification = endpointIdentification(v));
        client("ssl.enabled.protocols", null, (c, v) -> c.security().protocols = list(v));
        client("ssl.cipher.suites", null, (c, v) -> c.security().cipherSuites = list(v));
        client("ssl.truststore.location", null, (c, v) -> c.security().trustStore = Path.of(v));
        client("ssl.truststore.type", null, (c, v) -> c.security().trustStoreType = v.trim());
        client("ssl.truststore.password", null, (c, v) -> c.security().trustStorePassword = Password.of(v));
        client("ssl.truststore.certificates", null, (c, v) -> c.security().trustCertificatesPem = v);
        client("ssl.keystore.location", null, (c, v) -> c.security().keyStore = Path.of(v));
        client("ssl.keystore.type", null, (c, v) -> c.security().keyStoreType = v.trim());
        client("ssl.keystore.password", null, (c, v) -> c.security().keyStorePassword = Password.of(v));
        client("ssl.key.password", null, (c, v) -> c.security().keyPassword = Password.of(v));
        client("ssl.keystore.certificate.chain", null, (c, v) -> c.security().keyCertificateChainPem = v);
        client("ssl.keystore.key", null, (c, v) -> c.security().privateKeyPem = v);

        producer("acks", "producer.acks", (b, v) -> b.acks(acks(v)));
        producer("enable.idempotence", "producer.enable-idempotence", (b, v) -> b.enableIdempotence(bool(v)));
        producer("batch.size", "producer.batch-size", (b, v) -> b.batchSize(integer(v)));
        producer("linger.ms", "producer.linger", (b, v) -> b.linger(millis(v)));
        producer(
                "compression.type",
                "producer.compression-type",
                (b, v) -> b.compressionType(CompressionType.forName(v.trim())));
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

        consumer("group.id", "consumer.group-id", (b, v) -> b.groupId(v));
        consumer("group.instance.id", "consumer.group-instance-id", (b, v) -> b.groupInstanceId(v));
        consumer("group.protocol", "consumer.group-protocol", (b, v) -> b.groupProtocol(GroupProtocol.of(v)));
        consumer("group.remote.assignor", "consumer.group-remote-assignor", (b, v) -> b.groupRemoteAssignor(v));
        consumer(
                "auto.offset.reset",
                "consumer.auto-offset-reset",
                (b, v) -> b.autoOffsetReset(AutoOffsetReset.forName(v)));
        consumer("isolation.level", "consumer.isolation-level", (b, v) -> b.isolationLevel(IsolationLevel.forName(v)));
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
        consumer("client.rack", "consumer.client-rack", (b, v) -> b.clientRack(v.trim()));
        consumer("default.api.timeout.ms", "consumer.default-api-timeout", (b, v) -> b.defaultApiTimeout(millis(v)));
        consumer(
                "partition.assignment.strategy",
                "consumer.assignors",
                (b, v) -> b.assignorNames(list(v).toArray(String[]::new)));

        admin("default.api.timeout.ms", "admin.default-api-timeout", (b, v) -> b.defaultApiTimeout(millis(v)));
    }

    private KafkaPropertyTable() {}

    private static void client(String name, @Nullable String starter, Setter<ClientSettings> setter) {
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

    static @Nullable Entry<ClientSettings> client(String name) {
        return CLIENT.get(name);
    }

    static @Nullable Entry<ProducerOptions.Builder> producer(String name) {
        return PRODUCER.get(name);
    }

    static @Nullable Entry<ConsumerOptions.Builder> consumer(String name) {
        return CONSUMER.get(name);
    }

    static @Nullable Entry<AdminOptions.Builder> admin(String name) {
        return ADMIN.get(name);
    }

    /** Whether any client knows the name. */
    static boolean isKnown(String name) {
        return CLIENT.containsKey(name)
                || PRODUCER.containsKey(name)
                || CONSUMER.containsKey(name)
                || ADMIN.containsKey(name);
    }

    /** Every known Kafka name of the given scope. */
    static Set<String> names(Scope scope) {
        return switch (scope) {
            case CLIENT -> CLIENT.keySet();
            case PRODUCER -> PRODUCER.keySet();
            case CONSUMER -> CONSUMER.keySet();
            case ADMIN -> ADMIN.keySet();
        };
    }

    /** The typed {@code async-kafka.*} property (relative name) of a Kafka name in a scope, or null. */
    static @Nullable String starterProperty(Scope scope, String kafkaName) {
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

    /** Why a name cannot be used: unknown, or known to be set differently here. */
    static String unknownReason(String name, Scope scope) {
        String instead = INSTEAD.get(name);
        if (instead != null) {
            return "not supported as a Kafka property here; use " + instead;
        }
        if (isKnown(name)) {
            return "does not apply to " + scope.name().toLowerCase(Locale.ROOT) + " clients";
        }
        return "unknown Kafka property (supported: every typed async-kafka.* setting by its Kafka name,"
                + " such as linger.ms, max.poll.interval.ms, security.protocol)";
    }

    static Duration millis(String value) {
        return Duration.ofMillis(longValue(value));
    }

    static long longValue(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a whole number");
        }
    }

    static int integer(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "'" + value + "' is not a whole number between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE);
        }
    }

    static boolean bool(String value) {
        String v = value.trim();
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("'" + value + "' is neither true nor false");
    }

    static List<String> list(String value) {
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    static Acks acks(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "all", "-1" -> Acks.ALL;
            case "1" -> Acks.LEADER;
            case "0" -> Acks.NONE;
            default -> throw new IllegalArgumentException("'" + value + "' is not one of all, -1, 1, 0");
        };
    }

    static SecurityProtocol securityProtocol(String value) {
        return enumValue(SecurityProtocol.class, value);
    }

    private static boolean endpointIdentification(String value) {
        String v = value.trim();
        if (v.isEmpty()) {
            return false;
        }
        if (v.equalsIgnoreCase("https")) {
            return true;
        }
        throw new IllegalArgumentException("'" + value + "' is not supported (use https, or empty to turn it off)");
    }

    static <E extends Enum<E>> E enumValue(Class<E> type, String value) {
        String v = value.trim();
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(v)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not one of "
                + Arrays.stream(type.getEnumConstants()).map(Enum::name).toList());
    }
}
