package dev.asynckafka.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.admin.AdminOptions;
import dev.asynckafka.consumer.AutoOffsetReset;
import dev.asynckafka.consumer.ConsumerOptions;
import dev.asynckafka.consumer.GroupProtocol;
import dev.asynckafka.consumer.IsolationLevel;
import dev.asynckafka.consumer.PartitionAssignor;
import dev.asynckafka.internal.config.KafkaPropertyTable;
import dev.asynckafka.internal.config.KafkaPropertyTable.Scope;
import dev.asynckafka.producer.Acks;
import dev.asynckafka.producer.ProducerOptions;
import dev.asynckafka.record.CompressionType;
import dev.asynckafka.spring.core.AsyncKafkaOptionsProvider;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Every Kafka name the table knows, given as a client factory override, reaches the core option of
 * that name (security names are covered by {@link SecurityMappingTest}).
 */
class KafkaPropertyTableTest {
    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AsyncKafkaAutoConfiguration.class));

    private record Expectation<O>(String value, Function<O, Object> actual, Object expected) {}

    private static <O> Expectation<O> expect(String value, Function<O, Object> actual, Object expected) {
        return new Expectation<>(value, actual, expected);
    }

    private static final Map<String, Expectation<ClientOptions>> CLIENT = new LinkedHashMap<>();
    private static final Map<String, Expectation<ProducerOptions>> PRODUCER = new LinkedHashMap<>();
    private static final Map<String, Expectation<ConsumerOptions>> CONSUMER = new LinkedHashMap<>();
    private static final Map<String, Expectation<AdminOptions>> ADMIN = new LinkedHashMap<>();

    static {
        CLIENT.put("bootstrap.servers", expect("a:1, b:2", ClientOptions::bootstrapServers, List.of("a:1", "b:2")));
        CLIENT.put("client.id", expect("named", ClientOptions::clientId, "named"));
        CLIENT.put("request.timeout.ms", expect("1234", ClientOptions::requestTimeout, Duration.ofMillis(1234)));
        CLIENT.put(
                "socket.connection.setup.timeout.ms",
                expect("2345", ClientOptions::socketConnectionSetupTimeout, Duration.ofMillis(2345)));
        CLIENT.put("reconnect.backoff.ms", expect("11", ClientOptions::reconnectBackoff, Duration.ofMillis(11)));
        CLIENT.put(
                "reconnect.backoff.max.ms",
                expect("2222", ClientOptions::reconnectBackoffMax, Duration.ofMillis(2222)));
        CLIENT.put("retry.backoff.ms", expect("33", ClientOptions::retryBackoff, Duration.ofMillis(33)));
        CLIENT.put("retry.backoff.max.ms", expect("3333", ClientOptions::retryBackoffMax, Duration.ofMillis(3333)));
        CLIENT.put(
                "connections.max.idle.ms",
                expect("44444", ClientOptions::connectionsMaxIdle, Duration.ofMillis(44444)));
        CLIENT.put("metadata.max.age.ms", expect("55555", ClientOptions::metadataMaxAge, Duration.ofMillis(55555)));
        CLIENT.put(
                "max.in.flight.requests.per.connection",
                expect("3", ClientOptions::maxInFlightRequestsPerConnection, 3));
        CLIENT.put("max.response.size", expect("2048", ClientOptions::maxResponseSize, 2048));
        CLIENT.put(
                "client.dns.lookup",
                expect(
                        "use_first_dns_ip",
                        ClientOptions::clientDnsLookup,
                        ClientOptions.ClientDnsLookup.USE_FIRST_DNS_IP));

        PRODUCER.put("acks", expect("-1", ProducerOptions::acks, Acks.ALL));
        PRODUCER.put("enable.idempotence", expect("false", ProducerOptions::enableIdempotence, false));
        PRODUCER.put("batch.size", expect("1000", ProducerOptions::batchSize, 1000));
        PRODUCER.put("linger.ms", expect("9", ProducerOptions::linger, Duration.ofMillis(9)));
        PRODUCER.put("compression.type", expect("LZ4", ProducerOptions::compressionType, CompressionType.LZ4));
        PRODUCER.put("buffer.memory", expect("1048576", ProducerOptions::bufferMemory, 1048576L));
        PRODUCER.put("max.block.ms", expect("777", ProducerOptions::maxBlock, Duration.ofMillis(777)));
        PRODUCER.put("max.request.size", expect("5000", ProducerOptions::maxRequestSize, 5000));
        PRODUCER.put(
                "delivery.timeout.ms", expect("200000", ProducerOptions::deliveryTimeout, Duration.ofMillis(200000)));
        PRODUCER.put("retries", expect("7", ProducerOptions::retries, 7));
        PRODUCER.put("partitioner.ignore.keys", expect("true", ProducerOptions::partitionerIgnoreKeys, true));
        PRODUCER.put(
                "transaction.timeout.ms",
                expect("30000", ProducerOptions::transactionTimeout, Duration.ofMillis(30000)));

        CONSUMER.put("group.id", expect("g1", ConsumerOptions::groupId, "g1"));
        CONSUMER.put(
                "auto.offset.reset", expect("earliest", ConsumerOptions::autoOffsetReset, AutoOffsetReset.EARLIEST));
        CONSUMER.put(
                "isolation.level",
                expect("read_committed", ConsumerOptions::isolationLevel, IsolationLevel.READ_COMMITTED));
        CONSUMER.put("session.timeout.ms", expect("30000", ConsumerOptions::sessionTimeout, Duration.ofSeconds(30)));
        CONSUMER.put(
                "heartbeat.interval.ms", expect("2000", ConsumerOptions::heartbeatInterval, Duration.ofSeconds(2)));
        CONSUMER.put(
                "rebalance.timeout.ms", expect("90000", ConsumerOptions::rebalanceTimeout, Duration.ofSeconds(90)));
        CONSUMER.put(
                "max.poll.interval.ms", expect("600000", ConsumerOptions::maxPollInterval, Duration.ofMinutes(10)));
        CONSUMER.put("group.protocol", expect("Consumer", ConsumerOptions::groupProtocol, GroupProtocol.CONSUMER));
        CONSUMER.put("group.remote.assignor", expect("range", ConsumerOptions::groupRemoteAssignor, "range"));
        CONSUMER.put("enable.auto.commit", expect("FALSE", ConsumerOptions::enableAutoCommit, false));
        CONSUMER.put(
                "auto.commit.interval.ms",
                expect("1500", ConsumerOptions::autoCommitInterval, Duration.ofMillis(1500)));
        CONSUMER.put("fetch.min.bytes", expect("10", ConsumerOptions::fetchMinBytes, 10));
        CONSUMER.put("fetch.max.bytes", expect("1000000", ConsumerOptions::fetchMaxBytes, 1000000));
        CONSUMER.put("fetch.max.wait.ms", expect("250", ConsumerOptions::fetchMaxWait, Duration.ofMillis(250)));
        CONSUMER.put("max.partition.fetch.bytes", expect("2000", ConsumerOptions::maxPartitionFetchBytes, 2000));
        CONSUMER.put("partition.buffer.bytes", expect("4096", ConsumerOptions::partitionBufferBytes, 4096));
        CONSUMER.put("total.buffer.bytes", expect("9999999", ConsumerOptions::totalBufferBytes, 9999999L));
        CONSUMER.put("check.crcs", expect("false", ConsumerOptions::checkCrcs, false));
        CONSUMER.put("client.rack", expect("rack-a", ConsumerOptions::clientRack, "rack-a"));
        CONSUMER.put(
                "default.api.timeout.ms", expect("12000", ConsumerOptions::defaultApiTimeout, Duration.ofSeconds(12)));
        CONSUMER.put(
                "partition.assignment.strategy",
                expect(
                        "sticky, range",
                        o -> o.assignors().stream().map(PartitionAssignor::name).toList(),
                        List.of("sticky", "range")));

        ADMIN.put("default.api.timeout.ms", expect("8000", AdminOptions::defaultApiTimeout, Duration.ofSeconds(8)));
    }

    @Test
    void everyKafkaNameReachesItsCoreOption() {
        runner.run(context -> {
            AsyncKafkaOptionsProvider provider = context.getBean(AsyncKafkaOptionsProvider.class);
            CLIENT.forEach((name, e) -> assertThat(e.actual()
                            .apply(provider.producerOptions(null, Map.of(name, e.value()))
                                    .client()))
                    .as(name)
                    .isEqualTo(e.expected()));
            PRODUCER.forEach((name, e) -> assertThat(
                            e.actual().apply(provider.producerOptions(null, Map.of(name, e.value()))))
                    .as(name)
                    .isEqualTo(e.expected()));
            CONSUMER.forEach((name, e) -> assertThat(
                            e.actual().apply(provider.consumerOptions(null, null, Map.of(name, e.value()))))
                    .as(name)
                    .isEqualTo(e.expected()));
            // group.instance.id needs a group.
            assertThat(provider.consumerOptions("g", null, Map.of("group.instance.id", "i-1"))
                            .groupInstanceId())
                    .isEqualTo("i-1");
            ADMIN.forEach((name, e) -> assertThat(
                            e.actual().apply(provider.adminOptions(null, Map.of(name, e.value()))))
                    .as(name)
                    .isEqualTo(e.expected()));
        });
    }

    @Test
    void theTestCoversEveryNameOfTheTable() {
        Set<String> covered = new HashSet<>(CLIENT.keySet());
        covered.addAll(PRODUCER.keySet());
        covered.addAll(CONSUMER.keySet());
        covered.add("group.instance.id");
        Set<String> all = new HashSet<>();
        for (Scope s : Scope.values()) {
            all.addAll(KafkaPropertyTable.names(s));
        }
        all.removeIf(n -> n.startsWith("ssl.") || n.startsWith("sasl.") || n.equals("security.protocol"));
        assertThat(covered).containsAll(all);
        assertThat(ADMIN.keySet()).containsExactlyElementsOf(KafkaPropertyTable.names(Scope.ADMIN));
    }
}
