package dev.asynckafka.spring.autoconfigure;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.admin.AdminOptions;
import dev.asynckafka.consumer.ConsumerOptions;
import dev.asynckafka.errors.InvalidConfigurationException;
import dev.asynckafka.internal.config.ClientTarget;
import dev.asynckafka.internal.config.KafkaPropertyTable;
import dev.asynckafka.internal.config.KafkaPropertyTable.Entry;
import dev.asynckafka.internal.config.KafkaPropertyTable.Scope;
import dev.asynckafka.producer.ProducerOptions;
import dev.asynckafka.security.OAuthBearerTokenProvider;
import dev.asynckafka.spring.core.AsyncKafkaOptionsProvider;
import dev.asynckafka.spring.core.InvalidAsyncKafkaPropertyException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.ssl.SslBundles;

/**
 * Assembles core options from the configuration. Precedence, lowest first: the typed {@code
 * async-kafka.*} properties, {@code async-kafka.properties.*}, the client kind's {@code
 * properties.*}, the caller's overrides, then the customizers. Every value goes through {@link
 * KafkaPropertyTable}, the core's table of Kafka names; whatever fails, the error names the
 * property the user wrote.
 */
final class PropertiesOptionsProvider implements AsyncKafkaOptionsProvider {
    private static final String P = AsyncKafkaProperties.PREFIX;
    /** The producer bean's override when {@code async-kafka.producer.transaction-id-prefix} is set. */
    public static final String TRANSACTIONAL_ID = "transactional.id";

    /** Known Kafka properties the starter sets in another way, with what to use instead. */
    private static final Map<String, String> INSTEAD = Map.of(
            "key.serializer", "async-kafka.producer.key-serializer (or a Serializer bean)",
            "value.serializer", "async-kafka.producer.value-serializer (or a Serializer bean)",
            "key.deserializer", "async-kafka.consumer.key-deserializer (or a Deserializer bean)",
            "value.deserializer", "async-kafka.consumer.value-deserializer (or a Deserializer bean)",
            "partitioner.class", "a ProducerOptionsCustomizer that sets a Partitioner",
            "sasl.login.callback.handler.class", "an OAuthBearerTokenProvider bean",
            "sasl.oauthbearer.token.endpoint.url", "an OAuthBearerTokenProvider bean");

    private static final String SUPPORTED =
            "every typed async-kafka.* setting by its Kafka name, such as linger.ms, max.poll.interval.ms,"
                    + " security.protocol";

    private static final Pattern INVALID_VALUE_FOR = Pattern.compile("Invalid value for ([a-z0-9.]+)");

    private final AsyncKafkaProperties properties;
    private final AsyncKafkaConnectionDetails connectionDetails;
    private final String clientId;
    private final @Nullable SslBundles sslBundles;
    private final @Nullable OAuthBearerTokenProvider tokenProvider;
    private final List<ClientOptionsCustomizer> clientCustomizers;
    private final List<ProducerOptionsCustomizer> producerCustomizers;
    private final List<ConsumerOptionsCustomizer> consumerCustomizers;
    private final List<AdminOptionsCustomizer> adminCustomizers;

    /**
     * @param clientId the client id when {@code async-kafka.client-id} is not set
     */
    PropertiesOptionsProvider(
            AsyncKafkaProperties properties,
            AsyncKafkaConnectionDetails connectionDetails,
            String clientId,
            @Nullable SslBundles sslBundles,
            @Nullable OAuthBearerTokenProvider tokenProvider,
            List<ClientOptionsCustomizer> clientCustomizers,
            List<ProducerOptionsCustomizer> producerCustomizers,
            List<ConsumerOptionsCustomizer> consumerCustomizers,
            List<AdminOptionsCustomizer> adminCustomizers) {
        this.properties = properties;
        this.connectionDetails = connectionDetails;
        String configured = properties.getClientId();
        this.clientId = configured == null || configured.isBlank() ? clientId : configured;
        this.sslBundles = sslBundles;
        this.tokenProvider = tokenProvider;
        this.clientCustomizers = List.copyOf(clientCustomizers);
        this.producerCustomizers = List.copyOf(producerCustomizers);
        this.consumerCustomizers = List.copyOf(consumerCustomizers);
        this.adminCustomizers = List.copyOf(adminCustomizers);
    }

    /**
     * Builds the options of every client kind once, so invalid configuration fails at startup
     * rather than when the first client is created.
     *
     * @throws InvalidAsyncKafkaPropertyException naming the first invalid property
     */
    public void validate() {
        producerOptions(null, Map.of());
        consumerOptions(null, null, Map.of());
        adminOptions(null, Map.of());
    }

    @Override
    public ProducerOptions producerOptions(@Nullable String clientIdSuffix, Map<String, String> overrides) {
        Assembly a = new Assembly(Scope.PRODUCER, properties.getProducer().getProperties(), overrides);
        ClientOptions client = a.client(clientIdSuffix);
        return a.build(() -> {
            ProducerOptions.Builder b = ProducerOptions.builder(client);
            AsyncKafkaProducerProperties p = properties.getProducer();
            try {
                b.acks(KafkaPropertyTable.acks(p.getAcks()));
            } catch (IllegalArgumentException e) {
                throw new InvalidAsyncKafkaPropertyException(P + ".producer.acks", e.getMessage(), null);
            }
            if (p.getEnableIdempotence() != null) {
                b.enableIdempotence(p.getEnableIdempotence());
            }
            b.batchSize((int) p.getBatchSize().toBytes());
            b.linger(p.getLinger());
            b.compressionType(p.getCompressionType());
            b.bufferMemory(p.getBufferMemory().toBytes());
            b.maxBlock(p.getMaxBlock());
            b.maxRequestSize((int) p.getMaxRequestSize().toBytes());
            b.deliveryTimeout(p.getDeliveryTimeout());
            b.retries(p.getRetries());
            b.partitionerIgnoreKeys(p.isPartitionerIgnoreKeys());
            b.transactionTimeout(p.getTransactionTimeout());
            a.apply(b, KafkaPropertyTable::producer);
            // Not in the table: only the producer bean's override may set it (see collect).
            Setting transactionalId = a.settings.get(TRANSACTIONAL_ID);
            if (transactionalId != null) {
                b.transactionalId(transactionalId.value());
            }
            producerCustomizers.forEach(c -> c.customize(b));
            return b.build();
        });
    }

    @Override
    public ConsumerOptions consumerOptions(
            @Nullable String groupId, @Nullable String clientIdSuffix, Map<String, String> overrides) {
        Assembly a = new Assembly(Scope.CONSUMER, properties.getConsumer().getProperties(), overrides);
        ClientOptions client = a.client(clientIdSuffix);
        return a.build(() -> {
            ConsumerOptions.Builder b = ConsumerOptions.builder(client);
            AsyncKafkaConsumerProperties p = properties.getConsumer();
            b.groupId(p.getGroupId());
            b.groupInstanceId(p.getGroupInstanceId());
            b.groupProtocol(p.getGroupProtocol());
            b.groupRemoteAssignor(p.getGroupRemoteAssignor());
            b.autoOffsetReset(p.getAutoOffsetReset());
            b.isolationLevel(p.getIsolationLevel());
            b.sessionTimeout(p.getSessionTimeout());
            b.heartbeatInterval(p.getHeartbeatInterval());
            b.rebalanceTimeout(p.getRebalanceTimeout());
            b.maxPollInterval(p.getMaxPollInterval());
            b.enableAutoCommit(p.isEnableAutoCommit());
            b.autoCommitInterval(p.getAutoCommitInterval());
            b.fetchMinBytes((int) p.getFetchMinBytes().toBytes());
            b.fetchMaxBytes((int) p.getFetchMaxBytes().toBytes());
            b.fetchMaxWait(p.getFetchMaxWait());
            b.maxPartitionFetchBytes((int) p.getMaxPartitionFetchBytes().toBytes());
            b.partitionBufferBytes((int) p.getPartitionBufferBytes().toBytes());
            b.totalBufferBytes(p.getTotalBufferBytes().toBytes());
            b.checkCrcs(p.isCheckCrcs());
            b.clientRack(p.getClientRack());
            b.defaultApiTimeout(p.getDefaultApiTimeout());
            b.assignorNames(p.getAssignors().toArray(String[]::new));
            a.apply(b, KafkaPropertyTable::consumer);
            if (groupId != null) {
                b.groupId(groupId);
            }
            consumerCustomizers.forEach(c -> c.customize(b));
            return b.build();
        });
    }

    @Override
    public AdminOptions adminOptions(@Nullable String clientIdSuffix, Map<String, String> overrides) {
        Assembly a = new Assembly(Scope.ADMIN, properties.getAdmin().getProperties(), overrides);
        ClientOptions client = a.client(clientIdSuffix);
        return a.build(() -> {
            AdminOptions.Builder b = AdminOptions.builder(client);
            b.defaultApiTimeout(properties.getAdmin().getDefaultApiTimeout());
            a.apply(b, KafkaPropertyTable::admin);
            adminCustomizers.forEach(c -> c.customize(b));
            return b.build();
        });
    }

    /** One Kafka-named value and where the user wrote it. */
    private record Setting(String name, String value, String source) {}

    /** The assembly of one client's options: its Kafka-named settings and where each came from. */
    private final class Assembly {
        private final Scope scope;
        private final Map<String, Setting> settings = new LinkedHashMap<>();

        Assembly(Scope scope, Map<String, String> clientProperties, Map<String, String> overrides) {
            this.scope = scope;
            String kind = scope.name().toLowerCase(Locale.ROOT);
            collect(properties.getProperties(), P + ".properties", false);
            collect(clientProperties, P + "." + kind + ".properties", true);
            collect(overrides, "override", true);
        }

        private void collect(Map<String, String> map, String where, boolean strict) {
            for (Map.Entry<String, String> e : map.entrySet()) {
                String name = e.getKey().trim();
                String source = where.equals("override") ? "override '" + name + "'" : where + "[" + name + "]";
                if (name.equals(TRANSACTIONAL_ID) && !where.equals("override")) {
                    // Every producer made from the maps would share it (the dead-letter one too) and fence the others.
                    throw new InvalidAsyncKafkaPropertyException(
                            source,
                            "not settable here: set " + P + ".producer.transaction-id-prefix to make the producer bean"
                                    + " transactional",
                            null);
                }
                boolean applies = KafkaPropertyTable.names(Scope.CLIENT).contains(name)
                        || KafkaPropertyTable.names(scope).contains(name)
                        || (name.equals(TRANSACTIONAL_ID) && scope == Scope.PRODUCER);
                if (!applies) {
                    if (!strict && KafkaPropertyTable.isKnown(name)) {
                        continue; // the global map serves every kind of client
                    }
                    throw new InvalidAsyncKafkaPropertyException(
                            source, KafkaPropertyTable.unknownReason(name, scope, INSTEAD, SUPPORTED), null);
                }
                settings.put(name, new Setting(name, e.getValue() == null ? "" : e.getValue(), source));
            }
        }

        ClientOptions client(@Nullable String suffix) {
            return build(() -> {
                AsyncKafkaProperties p = properties;
                ClientOptions.Builder b = ClientOptions.builder();
                AsyncKafkaConnectionDetails.Configuration connection = switch (scope) {
                    case PRODUCER -> connectionDetails.getProducer();
                    case CONSUMER -> connectionDetails.getConsumer();
                    case ADMIN -> connectionDetails.getAdmin();
                    case CLIENT ->
                        AsyncKafkaConnectionDetails.Configuration.of(
                                connectionDetails.getBootstrapServers(),
                                connectionDetails.getSecurityProtocol(),
                                connectionDetails.getSslBundle());
                };
                b.bootstrapServers(connection.getBootstrapServers());
                b.requestTimeout(p.getRequestTimeout());
                b.socketConnectionSetupTimeout(p.getSocketConnectionSetupTimeout());
                b.reconnectBackoff(p.getReconnectBackoff());
                b.reconnectBackoffMax(p.getReconnectBackoffMax());
                b.retryBackoff(p.getRetryBackoff());
                b.retryBackoffMax(p.getRetryBackoffMax());
                b.connectionsMaxIdle(p.getConnectionsMaxIdle());
                b.metadataMaxAge(p.getMetadataMaxAge());
                b.maxInFlightRequestsPerConnection(p.getMaxInFlightRequestsPerConnection());
                b.clientDnsLookup(p.getClientDnsLookup());
                SecuritySettings security = new SecuritySettings(p);
                ClientTarget target = new ClientTarget(b, security);
                apply(target, KafkaPropertyTable::client);
                security.connection(connection);
                Setting id = settings.get("client.id");
                String base = id == null ? clientId : id.value();
                b.clientId(suffix == null || suffix.isEmpty() ? base : base + "-" + suffix);
                security.applyTo(b, sslBundles, tokenProvider);
                clientCustomizers.forEach(c -> c.customize(b));
                return b.build();
            });
        }

        /** Applies the settings this builder's table knows. */
        <B> void apply(B builder, Function<String, @Nullable Entry<B>> table) {
            for (Setting s : settings.values()) {
                Entry<B> entry = table.apply(s.name());
                if (entry == null) {
                    continue;
                }
                try {
                    entry.setter().apply(builder, s.value());
                } catch (IllegalArgumentException | InvalidConfigurationException e) {
                    String problem = String.valueOf(e.getMessage());
                    if (KafkaPropertyTable.SECRETS.contains(s.name())
                            && !s.value().isEmpty()
                            && problem.contains(s.value())) {
                        problem = "invalid value (not shown: it is secret)";
                    }
                    throw new InvalidAsyncKafkaPropertyException(s.source(), problem, null);
                }
            }
        }

        /** Runs a build step, translating the core's errors to the property the user wrote. */
        <T> T build(java.util.function.Supplier<T> step) {
            try {
                return step.get();
            } catch (InvalidConfigurationException e) {
                throw new InvalidAsyncKafkaPropertyException(propertyOf(e.getMessage()), e.getMessage(), e);
            }
        }

        /** The property, as the user wrote it, behind the Kafka name a core error message names. */
        private String propertyOf(@Nullable String message) {
            String kafkaName = message == null ? null : kafkaName(message);
            if (kafkaName == null) {
                return P + "." + scope.name().toLowerCase(Locale.ROOT);
            }
            Setting s = settings.get(kafkaName);
            if (s != null) {
                return s.source();
            }
            String starter = KafkaPropertyTable.starterProperty(scope, kafkaName);
            return starter == null ? kafkaName : P + "." + starter;
        }

        private @Nullable String kafkaName(String message) {
            Matcher m = INVALID_VALUE_FOR.matcher(message);
            if (m.find()) {
                return m.group(1);
            }
            List<String> names = new ArrayList<>(KafkaPropertyTable.names(Scope.CLIENT));
            names.addAll(KafkaPropertyTable.names(scope));
            names.sort(Comparator.comparingInt(String::length).reversed());
            Map<String, Integer> found = new HashMap<>();
            for (String n : names) {
                int at = message.indexOf(n);
                if (at >= 0 && found.keySet().stream().noneMatch(f -> f.contains(n))) {
                    found.put(n, at);
                }
            }
            return found.entrySet().stream()
                    .min(Map.Entry.comparingByValue())
                    .map(Map.Entry::getKey)
                    .orElse(null);
        }
    }
}
