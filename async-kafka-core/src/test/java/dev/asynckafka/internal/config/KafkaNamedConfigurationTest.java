package dev.asynckafka.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.admin.AdminOptions;
import dev.asynckafka.consumer.AutoOffsetReset;
import dev.asynckafka.consumer.ConsumerOptions;
import dev.asynckafka.consumer.GroupProtocol;
import dev.asynckafka.consumer.IsolationLevel;
import dev.asynckafka.consumer.PartitionAssignor;
import dev.asynckafka.errors.InvalidConfigurationException;
import dev.asynckafka.internal.config.KafkaPropertyTable.Scope;
import dev.asynckafka.producer.Acks;
import dev.asynckafka.producer.ProducerOptions;
import dev.asynckafka.record.CompressionType;
import dev.asynckafka.security.Password;
import dev.asynckafka.security.SaslMechanism;
import dev.asynckafka.security.SaslOptions;
import dev.asynckafka.security.SecurityProtocol;
import dev.asynckafka.security.SslOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The public {@code configure}/{@code fromConfig}/{@code fromProperties} methods of the option
 * builders: every Kafka name of {@link KafkaPropertyTable} reaches its option, as text and typed;
 * unknown names, names of other clients and bad values fail naming the setting and saying why.
 */
class KafkaNamedConfigurationTest {
    private static final String BOOTSTRAP = "bootstrap.servers";

    /** A value given as text, the same value given typed, and what the option must read. */
    private record Expectation<O>(Object text, Object typed, Function<O, Object> actual, Object expected) {}

    private static <O> Expectation<O> expect(Object text, Object typed, Function<O, Object> actual, Object expected) {
        return new Expectation<>(text, typed, actual, expected);
    }

    private static final Map<String, Expectation<ClientOptions>> CLIENT = new LinkedHashMap<>();
    private static final Map<String, Expectation<ProducerOptions>> PRODUCER = new LinkedHashMap<>();
    private static final Map<String, Expectation<ConsumerOptions>> CONSUMER = new LinkedHashMap<>();
    private static final Map<String, Expectation<AdminOptions>> ADMIN = new LinkedHashMap<>();

    static {
        CLIENT.put(
                BOOTSTRAP,
                expect("a:1, b:2", List.of("a:1", "b:2"), ClientOptions::bootstrapServers, List.of("a:1", "b:2")));
        CLIENT.put("client.id", expect("named", "named", ClientOptions::clientId, "named"));
        CLIENT.put("request.timeout.ms", expect("1234", 1234, ClientOptions::requestTimeout, Duration.ofMillis(1234)));
        CLIENT.put(
                "socket.connection.setup.timeout.ms",
                expect("2345", 2345L, ClientOptions::socketConnectionSetupTimeout, Duration.ofMillis(2345)));
        CLIENT.put(
                "reconnect.backoff.ms",
                expect("11", Duration.ofMillis(11), ClientOptions::reconnectBackoff, Duration.ofMillis(11)));
        CLIENT.put(
                "reconnect.backoff.max.ms",
                expect("2222", 2222, ClientOptions::reconnectBackoffMax, Duration.ofMillis(2222)));
        CLIENT.put("retry.backoff.ms", expect("33", 33, ClientOptions::retryBackoff, Duration.ofMillis(33)));
        CLIENT.put(
                "retry.backoff.max.ms", expect("3333", 3333, ClientOptions::retryBackoffMax, Duration.ofMillis(3333)));
        CLIENT.put(
                "connections.max.idle.ms",
                expect("44444", 44444, ClientOptions::connectionsMaxIdle, Duration.ofMillis(44444)));
        CLIENT.put(
                "metadata.max.age.ms",
                expect("55555", 55555L, ClientOptions::metadataMaxAge, Duration.ofMillis(55555)));
        CLIENT.put(
                "max.in.flight.requests.per.connection",
                expect("3", 3, ClientOptions::maxInFlightRequestsPerConnection, 3));
        CLIENT.put("max.response.size", expect("2048", 2048L, ClientOptions::maxResponseSize, 2048));
        CLIENT.put(
                "client.dns.lookup",
                expect(
                        "use_first_dns_ip",
                        ClientOptions.ClientDnsLookup.USE_FIRST_DNS_IP,
                        ClientOptions::clientDnsLookup,
                        ClientOptions.ClientDnsLookup.USE_FIRST_DNS_IP));

        PRODUCER.put("enable.idempotence", expect("false", false, ProducerOptions::enableIdempotence, false));
        PRODUCER.put("batch.size", expect("1000", 1000, ProducerOptions::batchSize, 1000));
        PRODUCER.put("linger.ms", expect("9", Duration.ofMillis(9), ProducerOptions::linger, Duration.ofMillis(9)));
        PRODUCER.put(
                "compression.type",
                expect("LZ4", CompressionType.LZ4, ProducerOptions::compressionType, CompressionType.LZ4));
        PRODUCER.put("buffer.memory", expect("1048576", 1048576, ProducerOptions::bufferMemory, 1048576L));
        PRODUCER.put("max.block.ms", expect("777", 777L, ProducerOptions::maxBlock, Duration.ofMillis(777)));
        PRODUCER.put("max.request.size", expect("5000", 5000, ProducerOptions::maxRequestSize, 5000));
        PRODUCER.put(
                "delivery.timeout.ms",
                expect("200000", 200000, ProducerOptions::deliveryTimeout, Duration.ofMillis(200000)));
        PRODUCER.put("retries", expect("7", 7, ProducerOptions::retries, 7));
        PRODUCER.put("partitioner.ignore.keys", expect("true", true, ProducerOptions::partitionerIgnoreKeys, true));
        PRODUCER.put(
                "transaction.timeout.ms",
                expect("30000", Duration.ofSeconds(30), ProducerOptions::transactionTimeout, Duration.ofSeconds(30)));

        CONSUMER.put("group.id", expect("g1", "g1", ConsumerOptions::groupId, "g1"));
        CONSUMER.put(
                "group.protocol",
                expect("Consumer", GroupProtocol.CONSUMER, ConsumerOptions::groupProtocol, GroupProtocol.CONSUMER));
        CONSUMER.put("group.remote.assignor", expect("range", "range", ConsumerOptions::groupRemoteAssignor, "range"));
        CONSUMER.put(
                "auto.offset.reset",
                expect(
                        "earliest",
                        AutoOffsetReset.EARLIEST,
                        ConsumerOptions::autoOffsetReset,
                        AutoOffsetReset.EARLIEST));
        CONSUMER.put(
                "isolation.level",
                expect(
                        "read_committed",
                        IsolationLevel.READ_COMMITTED,
                        ConsumerOptions::isolationLevel,
                        IsolationLevel.READ_COMMITTED));
        CONSUMER.put(
                "session.timeout.ms", expect("30000", 30000, ConsumerOptions::sessionTimeout, Duration.ofSeconds(30)));
        CONSUMER.put(
                "heartbeat.interval.ms",
                expect("2000", 2000, ConsumerOptions::heartbeatInterval, Duration.ofSeconds(2)));
        CONSUMER.put(
                "rebalance.timeout.ms",
                expect("90000", 90000, ConsumerOptions::rebalanceTimeout, Duration.ofSeconds(90)));
        CONSUMER.put(
                "max.poll.interval.ms",
                expect("600000", Duration.ofMinutes(10), ConsumerOptions::maxPollInterval, Duration.ofMinutes(10)));
        CONSUMER.put("enable.auto.commit", expect("FALSE", false, ConsumerOptions::enableAutoCommit, false));
        CONSUMER.put(
                "auto.commit.interval.ms",
                expect("1500", 1500, ConsumerOptions::autoCommitInterval, Duration.ofMillis(1500)));
        CONSUMER.put("fetch.min.bytes", expect("10", 10, ConsumerOptions::fetchMinBytes, 10));
        CONSUMER.put("fetch.max.bytes", expect("1000000", 1000000, ConsumerOptions::fetchMaxBytes, 1000000));
        CONSUMER.put("fetch.max.wait.ms", expect("250", 250, ConsumerOptions::fetchMaxWait, Duration.ofMillis(250)));
        CONSUMER.put("max.partition.fetch.bytes", expect("2000", 2000, ConsumerOptions::maxPartitionFetchBytes, 2000));
        CONSUMER.put("partition.buffer.bytes", expect("4096", 4096, ConsumerOptions::partitionBufferBytes, 4096));
        CONSUMER.put("total.buffer.bytes", expect("9999999", 9999999L, ConsumerOptions::totalBufferBytes, 9999999L));
        CONSUMER.put("check.crcs", expect("false", false, ConsumerOptions::checkCrcs, false));
        CONSUMER.put("client.rack", expect("rack-a", "rack-a", ConsumerOptions::clientRack, "rack-a"));
        CONSUMER.put(
                "default.api.timeout.ms",
                expect("12000", 12000, ConsumerOptions::defaultApiTimeout, Duration.ofSeconds(12)));
        CONSUMER.put(
                "partition.assignment.strategy",
                expect(
                        "sticky, range",
                        List.of("sticky", "range"),
                        o -> o.assignors().stream().map(PartitionAssignor::name).toList(),
                        List.of("sticky", "range")));

        ADMIN.put(
                "default.api.timeout.ms", expect("8000", 8000, AdminOptions::defaultApiTimeout, Duration.ofSeconds(8)));
    }

    private static Map<String, Object> config(Object... nameValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(BOOTSTRAP, "h:9092");
        for (int i = 0; i < nameValues.length; i += 2) {
            map.put((String) nameValues[i], nameValues[i + 1]);
        }
        return map;
    }

    @Test
    void everyClientNameReachesItsOptionAsTextAndTyped() {
        CLIENT.forEach((name, e) -> {
            for (Object value : List.of(e.text(), e.typed())) {
                Map<String, Object> map = config(name, value);
                assertThat(e.actual().apply(ClientOptions.fromConfig(map)))
                        .as(name + "=" + value)
                        .isEqualTo(e.expected());
                assertThat(e.actual().apply(ProducerOptions.fromConfig(map).client()))
                        .as(name + "=" + value + " (producer)")
                        .isEqualTo(e.expected());
                assertThat(e.actual().apply(ConsumerOptions.fromConfig(map).client()))
                        .as(name + "=" + value + " (consumer)")
                        .isEqualTo(e.expected());
                assertThat(e.actual().apply(AdminOptions.fromConfig(map).client()))
                        .as(name + "=" + value + " (admin)")
                        .isEqualTo(e.expected());
            }
        });
    }

    @Test
    void everyProducerConsumerAndAdminNameReachesItsOptionAsTextAndTyped() {
        PRODUCER.forEach((name, e) -> {
            for (Object value : List.of(e.text(), e.typed())) {
                assertThat(e.actual().apply(ProducerOptions.fromConfig(config(name, value))))
                        .as(name + "=" + value)
                        .isEqualTo(e.expected());
            }
        });
        CONSUMER.forEach((name, e) -> {
            for (Object value : List.of(e.text(), e.typed())) {
                assertThat(e.actual().apply(ConsumerOptions.fromConfig(config(name, value))))
                        .as(name + "=" + value)
                        .isEqualTo(e.expected());
            }
        });
        assertThat(ConsumerOptions.fromConfig(config("group.id", "g", "group.instance.id", "i-1"))
                        .groupInstanceId())
                .isEqualTo("i-1");
        ADMIN.forEach((name, e) -> {
            for (Object value : List.of(e.text(), e.typed())) {
                assertThat(e.actual().apply(AdminOptions.fromConfig(config(name, value))))
                        .as(name + "=" + value)
                        .isEqualTo(e.expected());
            }
        });
    }

    @Test
    void acksInEveryForm() {
        Map<Object, Acks> forms = new HashMap<>();
        forms.put("all", Acks.ALL);
        forms.put("-1", Acks.ALL);
        forms.put(-1, Acks.ALL);
        forms.put("1", Acks.LEADER);
        forms.put(1, Acks.LEADER);
        forms.put("0", Acks.NONE);
        forms.put(0, Acks.NONE);
        forms.put(Acks.LEADER, Acks.LEADER);
        forms.forEach((value, expected) -> assertThat(
                        ProducerOptions.fromConfig(config("acks", value, "enable.idempotence", "false"))
                                .acks())
                .as("acks=" + value)
                .isEqualTo(expected));
    }

    @Test
    void saslAndTlsFromKafkaNames() {
        ClientOptions scram = ClientOptions.fromConfig(config(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"alice\""
                                + " password=\"s\\\"cret\";",
                "ssl.endpoint.identification.algorithm", "",
                "ssl.enabled.protocols", "TLSv1.3",
                "ssl.cipher.suites", List.of("TLS_AES_128_GCM_SHA256"),
                "ssl.truststore.location", "/etc/trust.p12",
                "ssl.truststore.type", "JKS",
                "ssl.truststore.password", "trust-pw",
                "ssl.keystore.location", Path.of("/etc/key.p12"),
                "ssl.keystore.type", "PKCS12",
                "ssl.keystore.password", Password.of("store-pw"),
                "ssl.key.password", "key-pw"));
        assertThat(scram.securityProtocol()).isEqualTo(SecurityProtocol.SASL_SSL);
        SaslOptions sasl = Objects.requireNonNull(scram.sasl());
        assertThat(sasl.mechanism()).isEqualTo(SaslMechanism.SCRAM_SHA_512);
        assertThat(sasl.username()).isEqualTo("alice");
        assertThat(sasl.password()).isEqualTo(Password.of("s\"cret"));
        SslOptions ssl = Objects.requireNonNull(scram.ssl());
        assertThat(ssl.hostnameVerification()).isFalse();
        assertThat(ssl.protocols()).containsExactly("TLSv1.3");
        assertThat(ssl.cipherSuites()).containsExactly("TLS_AES_128_GCM_SHA256");
        assertThat(ssl.trustStore()).isEqualTo(Path.of("/etc/trust.p12"));
        assertThat(ssl.trustStoreType()).isEqualTo("JKS");
        assertThat(ssl.trustStorePassword()).isEqualTo(Password.of("trust-pw"));
        assertThat(ssl.keyStore()).isEqualTo(Path.of("/etc/key.p12"));
        assertThat(ssl.keyStoreType()).isEqualTo("PKCS12");
        assertThat(ssl.keyStorePassword()).isEqualTo(Password.of("store-pw"));
        assertThat(ssl.keyPassword()).isEqualTo(Password.of("key-pw"));

        ClientOptions pem = ClientOptions.fromConfig(config(
                "security.protocol", SecurityProtocol.SSL,
                "ssl.truststore.certificates", "TRUST-PEM",
                "ssl.keystore.certificate.chain", "CHAIN-PEM",
                "ssl.keystore.key", "KEY-PEM"));
        SslOptions pemSsl = Objects.requireNonNull(pem.ssl());
        assertThat(pem.sasl()).isNull();
        assertThat(pemSsl.hostnameVerification()).as("Kafka's default is https").isTrue();
        assertThat(pemSsl.trustCertificatesPem()).isEqualTo("TRUST-PEM");
        assertThat(pemSsl.keyCertificateChainPem()).isEqualTo("CHAIN-PEM");
        assertThat(pemSsl.privateKeyPem()).isEqualTo("KEY-PEM");

        ClientOptions plain = ClientOptions.fromConfig(config(
                "security.protocol", "sasl_plaintext",
                "sasl.mechanism", SaslMechanism.PLAIN,
                "sasl.jaas.config", "PlainLoginModule required username=\"bob\" password=\"pw\";"));
        assertThat(plain.ssl()).isNull();
        assertThat(Objects.requireNonNull(plain.sasl()).mechanism()).isEqualTo(SaslMechanism.PLAIN);
        assertThat(Objects.requireNonNull(plain.sasl()).username()).isEqualTo("bob");
    }

    @Test
    void oauthBearerTakesItsTokenProviderFromTheBuilder() {
        SaslOptions provided = SaslOptions.oauthBearer(() -> {
            throw new UnsupportedOperationException("not called by the options");
        });
        ClientOptions o = ClientOptions.builder()
                .configure(config("security.protocol", "SASL_SSL", "sasl.mechanism", "OAUTHBEARER"))
                .sasl(provided)
                .build();
        assertThat(o.sasl()).isSameAs(provided);
        assertThatThrownBy(() -> ClientOptions.fromConfig(config(
                        "sasl.jaas.config",
                        "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("Invalid value for sasl.jaas.config: OAUTHBEARER tokens come from an"
                        + " OAuthBearerTokenProvider");
    }

    @Test
    void propertiesWithTextAndTypedValues() {
        Properties props = new Properties();
        props.setProperty(BOOTSTRAP, "p:9092");
        props.setProperty("linger.ms", "20");
        props.put("batch.size", 4096);
        ProducerOptions o = ProducerOptions.fromProperties(props);
        assertThat(o.client().bootstrapServers()).containsExactly("p:9092");
        assertThat(o.linger()).isEqualTo(Duration.ofMillis(20));
        assertThat(o.batchSize()).isEqualTo(4096);

        Properties consumer = new Properties();
        consumer.setProperty(BOOTSTRAP, "c:9092");
        consumer.setProperty("group.id", "orders");
        assertThat(ConsumerOptions.fromProperties(consumer).groupId()).isEqualTo("orders");
        Properties admin = new Properties();
        admin.setProperty(BOOTSTRAP, "a:9092");
        admin.setProperty("default.api.timeout.ms", "5000");
        assertThat(AdminOptions.fromProperties(admin).defaultApiTimeout()).isEqualTo(Duration.ofSeconds(5));

        Properties badKey = new Properties();
        badKey.put(42, "x");
        assertThatThrownBy(() -> ProducerOptions.fromProperties(badKey))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid configuration name 42: names must be text (String)");
    }

    @Test
    void builderConfigureKeepsEachBuildersNames() {
        ClientOptions client = ClientOptions.builder()
                .configure(Map.of(BOOTSTRAP, "h:1", "client.id", "c"))
                .build();
        ProducerOptions p = ProducerOptions.builder(client)
                .configure(Map.of("linger.ms", 7))
                .batchSize(99) // a typed setter called afterwards wins
                .configure(Map.of("compression.type", "gzip"))
                .build();
        assertThat(p.linger()).isEqualTo(Duration.ofMillis(7));
        assertThat(p.batchSize()).isEqualTo(99);
        assertThat(p.compressionType()).isEqualTo(CompressionType.GZIP);
        assertThat(p.client().clientId()).isEqualTo("c");

        assertThatThrownBy(() -> ProducerOptions.builder(client).configure(Map.of("request.timeout.ms", "5")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Unsupported configuration request.timeout.ms: a setting of every client, so it belongs"
                        + " to ClientOptions.Builder.configure (or give the whole map to ProducerOptions.fromConfig)");
        assertThatThrownBy(() -> ClientOptions.builder().configure(Map.of("linger.ms", "5")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("Unsupported configuration linger.ms: not a setting of every client");
        assertThatThrownBy(() -> AdminOptions.builder(client).configure(Map.of("group.id", "g")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Unsupported configuration group.id: does not apply to admin clients");
    }

    @Test
    void unknownAndOtherClientsNamesFailNamingThem() {
        assertThatThrownBy(() -> ProducerOptions.fromConfig(config("linger.mss", "5")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Unsupported configuration linger.mss: unknown Kafka property (supported: the Kafka"
                        + " names of the client options, such as linger.ms, max.poll.interval.ms,"
                        + " security.protocol; the README lists them all)");
        assertThatThrownBy(() -> ProducerOptions.fromConfig(config("group.id", "g")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Unsupported configuration group.id: does not apply to producer clients");
        assertThatThrownBy(() -> ConsumerOptions.fromConfig(config("linger.ms", "5")))
                .hasMessage("Unsupported configuration linger.ms: does not apply to consumer clients");
        assertThatThrownBy(() -> ProducerOptions.fromConfig(config("key.serializer", "x.StringSerializer")))
                .hasMessage("Unsupported configuration key.serializer: not supported as a Kafka property here; use a"
                        + " Serializer given to AsyncKafkaProducer.create");
        assertThatThrownBy(() -> ConsumerOptions.fromConfig(config("value.deserializer", "x.Deserializer")))
                .hasMessageContaining("use a Deserializer given to AsyncKafkaConsumer.create");
        assertThatThrownBy(() -> ProducerOptions.fromConfig(config("partitioner.class", "x.P")))
                .hasMessageContaining("use ProducerOptions.Builder.partitioner(Partitioner)");
    }

    @Test
    void invalidValuesNameTheSettingShowTheValueAndSayWhy() {
        assertThatThrownBy(() -> ProducerOptions.fromConfig(config("linger.ms", "soon")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid value for linger.ms: 'soon' is not a whole number of milliseconds or a Duration");
        assertThatThrownBy(() -> ProducerOptions.fromConfig(config("linger.ms", true)))
                .hasMessage("Invalid value for linger.ms: 'true' (Boolean) is not a whole number of milliseconds or a"
                        + " Duration");
        assertThatThrownBy(() -> ProducerOptions.fromConfig(config("batch.size", 3_000_000_000L)))
                .hasMessage("Invalid value for batch.size: '3000000000' (Long) is not a whole number between"
                        + " -2147483648 and 2147483647");
        assertThatThrownBy(() -> ProducerOptions.fromConfig(config("buffer.memory", 1.5)))
                .hasMessage("Invalid value for buffer.memory: '1.5' (Double) is not a whole number");
        assertThatThrownBy(() -> ConsumerOptions.fromConfig(config("enable.auto.commit", "yes")))
                .hasMessage("Invalid value for enable.auto.commit: 'yes' is neither true nor false");
        assertThatThrownBy(() -> ProducerOptions.fromConfig(config("acks", "2")))
                .hasMessage("Invalid value for acks: '2' is not one of all, -1, 1, 0");
        assertThatThrownBy(() -> ClientOptions.fromConfig(config("client.dns.lookup", "random")))
                .hasMessage("Invalid value for client.dns.lookup: 'random' is not one of [USE_ALL_DNS_IPS,"
                        + " USE_FIRST_DNS_IP]");
        assertThatThrownBy(() -> ClientOptions.fromConfig(config("security.protocol", "TLS")))
                .hasMessage("Invalid value for security.protocol: 'TLS' is not one of [PLAINTEXT, SSL,"
                        + " SASL_PLAINTEXT, SASL_SSL]");
        assertThatThrownBy(() -> ClientOptions.fromConfig(config("client.id", 7)))
                .hasMessage("Invalid value for client.id: '7' (Integer) is not text");
        assertThatThrownBy(() -> ClientOptions.fromConfig(config(BOOTSTRAP, List.of("a:1", 2))))
                .hasMessageStartingWith("Invalid value for bootstrap.servers: '[a:1, 2]' (")
                .hasMessageEndingWith(") is not a list of texts ('2' (Integer))");
        assertThatThrownBy(() -> ProducerOptions.fromConfig(config("compression.type", "brotli")))
                .hasMessageStartingWith("Invalid value for compression.type: unknown compression type 'brotli'");
        assertThatThrownBy(() -> ConsumerOptions.fromConfig(config("auto.offset.reset", "first")))
                .hasMessageStartingWith("Invalid value for auto.offset.reset: 'first'");
        assertThatThrownBy(() -> ConsumerOptions.fromConfig(config("partition.assignment.strategy", "roundabout")))
                .hasMessageStartingWith("Invalid value for partition.assignment.strategy:")
                .hasMessageContaining("roundabout");
        assertThatThrownBy(() -> ClientOptions.fromConfig(config("sasl.mechanism", "GSSAPI")))
                .hasMessageStartingWith("Invalid value for sasl.mechanism: Unsupported sasl.mechanism 'GSSAPI'");
        assertThatThrownBy(() -> ClientOptions.fromConfig(config("ssl.endpoint.identification.algorithm", "http")))
                .hasMessage("Invalid value for ssl.endpoint.identification.algorithm: 'http' is not supported (use"
                        + " https, or empty to turn it off)");
        Map<String, Object> nullValue = config();
        nullValue.put("linger.ms", null);
        assertThatThrownBy(() -> ProducerOptions.fromConfig(nullValue))
                .hasMessage("Invalid value for linger.ms: must not be null");
        // Values that convert but break a rule of the options fail in build(), naming the setting.
        assertThatThrownBy(() -> ProducerOptions.fromConfig(config("linger.ms", -5)))
                .hasMessage("Invalid value for linger.ms: must not be negative, was -5 ms");
    }

    @Test
    void secretsAreNeverShown() {
        assertThatThrownBy(() -> ClientOptions.fromConfig(config(
                        "security.protocol", "SASL_SSL",
                        "sasl.mechanism", "PLAIN",
                        "sasl.jaas.config", "PlainLoginModule required password=\"hunter2\";")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid value for sasl.jaas.config: needs username=\"...\" and password=\"...\" options")
                .message()
                .doesNotContain("hunter2");
        assertThatThrownBy(() -> ClientOptions.fromConfig(config("ssl.keystore.password", 12345)))
                .hasMessage("Invalid value for ssl.keystore.password: a Integer is not a password")
                .message()
                .doesNotContain("12345");
        assertThatThrownBy(() ->
                        ClientOptions.fromConfig(config("security.protocol", "SSL", "ssl.keystore.location", "/k.p12")))
                .hasMessage("Invalid value for ssl.keystore.password: must be set with ssl.keystore.location");
        assertThatThrownBy(() -> ClientOptions.fromConfig(config("security.protocol", "SSL", "ssl.keystore.key", "K")))
                .hasMessage("Invalid value for ssl.keystore.key: ssl.keystore.certificate.chain and ssl.keystore.key"
                        + " go together");
        assertThatThrownBy(() -> ClientOptions.fromConfig(
                        config("sasl.jaas.config", "PlainLoginModule required username=\"u\" password=\"p\";")))
                .hasMessage("Invalid value for sasl.mechanism: must be set with sasl.jaas.config (Kafka's default,"
                        + " GSSAPI, is not supported)");
        assertThatThrownBy(() -> ClientOptions.fromConfig(
                        config("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-256")))
                .hasMessage("Invalid value for sasl.jaas.config: must be set for SCRAM-SHA-256");
        assertThatThrownBy(() -> ClientOptions.fromConfig(config("ssl.truststore.location", "/t.p12")))
                .as("TLS settings without a TLS protocol")
                .hasMessage("Invalid value for security.protocol: PLAINTEXT does not use TLS, but TLS settings are"
                        + " given (use SSL or SASL_SSL)");
    }

    @Test
    void theTestCoversEveryNameOfTheTable() {
        Set<String> covered = new HashSet<>(CLIENT.keySet());
        covered.addAll(PRODUCER.keySet());
        covered.addAll(CONSUMER.keySet());
        covered.add("group.instance.id");
        covered.add("acks"); // acksInEveryForm
        // Security names: saslAndTlsFromKafkaNames.
        covered.addAll(List.of(
                "security.protocol",
                "sasl.mechanism",
                "sasl.jaas.config",
                "ssl.endpoint.identification.algorithm",
                "ssl.enabled.protocols",
                "ssl.cipher.suites",
                "ssl.truststore.location",
                "ssl.truststore.type",
                "ssl.truststore.password",
                "ssl.truststore.certificates",
                "ssl.keystore.location",
                "ssl.keystore.type",
                "ssl.keystore.password",
                "ssl.key.password",
                "ssl.keystore.certificate.chain",
                "ssl.keystore.key"));
        Set<String> all = new HashSet<>();
        for (Scope s : Scope.values()) {
            all.addAll(KafkaPropertyTable.names(s));
        }
        assertThat(covered).containsExactlyInAnyOrderElementsOf(all);
        assertThat(ADMIN.keySet()).containsExactlyElementsOf(KafkaPropertyTable.names(Scope.ADMIN));
    }
}
