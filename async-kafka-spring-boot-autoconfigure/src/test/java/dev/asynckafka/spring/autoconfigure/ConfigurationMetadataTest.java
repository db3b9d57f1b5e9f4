package dev.asynckafka.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.consumer.PartitionAssignor;
import dev.asynckafka.internal.config.KafkaPropertyTable;
import dev.asynckafka.internal.config.KafkaPropertyTable.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The configuration metadata IDEs read: every property documented, enumerated ones with hints. */
class ConfigurationMetadataTest {
    private static final Map<String, JsonNode> PROPERTIES = new HashMap<>();
    private static final Map<String, JsonNode> HINTS = new HashMap<>();

    @BeforeAll
    static void readMetadata() throws IOException {
        try (InputStream in = ConfigurationMetadataTest.class
                .getClassLoader()
                .getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated metadata on the class path").isNotNull();
            JsonNode root = JsonMapper.shared().readTree(in);
            for (JsonNode p : root.get("properties")) {
                PROPERTIES.put(p.get("name").asString(), p);
            }
            for (JsonNode h : root.get("hints")) {
                HINTS.put(h.get("name").asString(), h);
            }
        }
    }

    @Test
    void everyPropertyHasADescription() {
        assertThat(PROPERTIES).hasSizeGreaterThan(70);
        for (JsonNode p : PROPERTIES.values()) {
            JsonNode description = p.get("description");
            assertThat(description).as(p.get("name").asString()).isNotNull();
            assertThat(description.asString()).as(p.get("name").asString()).isNotBlank();
            assertThat(description.asString())
                    .as("plain text for IDEs, no Javadoc tags")
                    .doesNotContain("{@");
        }
    }

    @Test
    void theHealthIndicatorSwitchIsDocumented() {
        JsonNode p = PROPERTIES.get("management.health.async-kafka.enabled");
        assertThat(p)
                .as("management.health.async-kafka.enabled in the metadata")
                .isNotNull();
        assertThat(p.get("type").asString()).isEqualTo("java.lang.Boolean");
        assertThat(p.get("defaultValue").asBoolean()).isTrue();
    }

    @Test
    void everyPropertyOfTheSharedContractIsPresent() {
        List<String> contract = List.of(
                "bootstrap-servers",
                "client-id",
                "request-timeout",
                "properties",
                "security.protocol",
                "security.sasl.mechanism",
                "security.sasl.username",
                "security.sasl.password",
                "security.sasl.oauthbearer.token",
                "ssl.bundle",
                "ssl.endpoint-identification",
                "producer.acks",
                "producer.linger",
                "producer.batch-size",
                "producer.compression-type",
                "producer.buffer-memory",
                "producer.max-block",
                "producer.delivery-timeout",
                "producer.retries",
                "producer.enable-idempotence",
                "producer.key-serializer",
                "producer.value-serializer",
                "producer.properties",
                "consumer.group-id",
                "consumer.auto-offset-reset",
                "consumer.isolation-level",
                "consumer.session-timeout",
                "consumer.heartbeat-interval",
                "consumer.rebalance-timeout",
                "consumer.max-poll-interval",
                "consumer.fetch-min-bytes",
                "consumer.fetch-max-wait",
                "consumer.max-partition-fetch-bytes",
                "consumer.partition-buffer-bytes",
                "consumer.total-buffer-bytes",
                "consumer.assignors",
                "consumer.key-deserializer",
                "consumer.value-deserializer",
                "consumer.properties",
                "admin.properties",
                "listener.auto-startup",
                "listener.concurrency",
                "listener.max-records-per-lane",
                "listener.batch-max-records",
                "listener.commit-interval",
                "listener.shutdown-timeout",
                "listener.retry.max-attempts",
                "listener.retry.backoff.delay",
                "listener.retry.backoff.multiplier",
                "listener.retry.backoff.max-delay",
                "listener.dead-letter.enabled",
                "listener.dead-letter.topic-suffix",
                "listener.executor");
        for (String name : contract) {
            assertThat(PROPERTIES).containsKey("async-kafka." + name);
        }
    }

    @Test
    void renamedPropertiesAreDeprecatedWithTheirReplacement() {
        Map<String, String> renamed = Map.of(
                "async-kafka.listener.retry.backoff.initial", "async-kafka.listener.retry.backoff.delay",
                "async-kafka.listener.retry.backoff.max", "async-kafka.listener.retry.backoff.max-delay");
        renamed.forEach((old, replacement) -> {
            JsonNode p = PROPERTIES.get(old);
            assertThat(p).as(old).isNotNull();
            assertThat(p.get("deprecation")).as(old + " deprecated").isNotNull();
            assertThat(p.get("deprecation").get("replacement").asString()).isEqualTo(replacement);
            assertThat(PROPERTIES).containsKey(replacement);
        });
    }

    @Test
    void byteSizesAreDataSizes() {
        for (String name : List.of(
                "producer.batch-size",
                "producer.buffer-memory",
                "producer.max-request-size",
                "consumer.fetch-min-bytes",
                "consumer.fetch-max-bytes",
                "consumer.max-partition-fetch-bytes",
                "consumer.partition-buffer-bytes",
                "consumer.total-buffer-bytes")) {
            assertThat(PROPERTIES.get("async-kafka." + name).get("type").asString())
                    .as(name)
                    .isEqualTo("org.springframework.util.unit.DataSize");
        }
    }

    @Test
    void enumeratedPropertiesHaveHintsOrAnEnumType() throws ClassNotFoundException {
        List<String> enumTyped = List.of(
                "producer.compression-type",
                "consumer.auto-offset-reset",
                "consumer.isolation-level",
                "security.protocol",
                "security.sasl.mechanism",
                "producer.key-serializer",
                "producer.value-serializer",
                "consumer.key-deserializer",
                "consumer.value-deserializer",
                "listener.executor",
                "client-dns-lookup");
        for (String name : enumTyped) {
            String type = PROPERTIES.get("async-kafka." + name).get("type").asString();
            Class<?> c = Class.forName(type, false, getClass().getClassLoader());
            assertThat(c.isEnum())
                    .as(name + " is an enum (IDEs offer its constants)")
                    .isTrue();
            assertThat(c.getEnumConstants()).isNotEmpty();
        }
        for (String name : List.of("producer.acks", "consumer.assignors")) {
            assertThat(HINTS).containsKey("async-kafka." + name);
            assertThat(HINTS.get("async-kafka." + name).get("values")).isNotEmpty();
        }
        for (JsonNode v : HINTS.get("async-kafka.producer.acks").get("values")) {
            KafkaPropertyTable.acks(v.get("value").asString()); // every hinted value is accepted
        }
        for (JsonNode v : HINTS.get("async-kafka.consumer.assignors").get("values")) {
            assertThat(PartitionAssignor.forName(v.get("value").asString())).isNotNull();
        }
    }

    @Test
    void propertiesMapKeyHintsAreExactlyTheKafkaNamesTheTableKnows() {
        assertKeys("async-kafka.properties", Scope.CLIENT, Scope.PRODUCER, Scope.CONSUMER, Scope.ADMIN);
        assertKeys("async-kafka.producer.properties", Scope.CLIENT, Scope.PRODUCER);
        assertKeys("async-kafka.consumer.properties", Scope.CLIENT, Scope.CONSUMER);
        assertKeys("async-kafka.admin.properties", Scope.CLIENT, Scope.ADMIN);
    }

    @Test
    void everyTypedPropertyTheTableNamesExists() {
        for (Scope scope : Scope.values()) {
            for (String kafkaName : KafkaPropertyTable.names(scope)) {
                String starter = KafkaPropertyTable.starterProperty(scope, kafkaName);
                if (starter != null) {
                    assertThat(PROPERTIES).as(kafkaName).containsKey("async-kafka." + starter);
                }
            }
        }
    }

    private static void assertKeys(String property, Scope... scopes) {
        Set<String> expected = new LinkedHashSet<>();
        for (Scope s : scopes) {
            expected.addAll(KafkaPropertyTable.names(s));
        }
        Set<String> hinted = new LinkedHashSet<>();
        for (JsonNode v : HINTS.get(property + ".keys").get("values")) {
            hinted.add(v.get("value").asString());
        }
        assertThat(hinted).as(property).containsExactlyInAnyOrderElementsOf(expected);
    }
}
