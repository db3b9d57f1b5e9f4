package dev.asynckafka.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asynckafka.ClientResources;
import dev.asynckafka.admin.AdminOptions;
import dev.asynckafka.admin.AsyncKafkaAdmin;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.consumer.AutoOffsetReset;
import dev.asynckafka.consumer.ConsumerOptions;
import dev.asynckafka.errors.SerializationException;
import dev.asynckafka.producer.AsyncKafkaProducer;
import dev.asynckafka.producer.ProducerOptions;
import dev.asynckafka.producer.ProducerRecord;
import dev.asynckafka.record.CompressionType;
import dev.asynckafka.serialization.Deserializer;
import dev.asynckafka.serialization.Deserializers;
import dev.asynckafka.serialization.Serializer;
import dev.asynckafka.serialization.Serializers;
import dev.asynckafka.spring.core.AsyncKafkaClientFactory;
import dev.asynckafka.spring.core.AsyncKafkaOptionsProvider;
import dev.asynckafka.spring.core.AsyncKafkaSerdes;
import dev.asynckafka.spring.core.DefaultAsyncKafkaClientFactory;
import dev.asynckafka.spring.core.DefaultAsyncKafkaSerdes;
import dev.asynckafka.spring.core.InvalidAsyncKafkaPropertyException;
import dev.asynckafka.spring.core.JacksonJsonCodec;
import dev.asynckafka.spring.core.JsonCodec;
import dev.asynckafka.spring.core.SerdeType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.Order;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** Every bean, condition and back-off of {@link AsyncKafkaAutoConfiguration}; no broker needed. */
class AsyncKafkaAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(AsyncKafkaAutoConfiguration.class, JacksonAutoConfiguration.class));

    /** A JSON-mapped value type. */
    public record Purchase(String orderId, int quantity) {}

    @Test
    void whenNothingIsDefinedThenEveryBeanIsCreatedFromTheDefaults() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(AsyncKafkaProperties.class);
            assertThat(context).hasSingleBean(PropertiesAsyncKafkaConnectionDetails.class);
            assertThat(context).hasSingleBean(ClientResources.class);
            assertThat(context).hasSingleBean(PropertiesOptionsProvider.class);
            assertThat(context).hasSingleBean(DefaultAsyncKafkaClientFactory.class);
            assertThat(context).hasSingleBean(DefaultAsyncKafkaSerdes.class);
            assertThat(context).hasSingleBean(JacksonJsonCodec.class);
            assertThat(context).hasSingleBean(AsyncKafkaAdmin.class);
            assertThat(context).hasBean("asyncKafkaProducer");
            // Injectable with its generic type.
            ObjectProvider<AsyncKafkaProducer<Object, Object>> producer = context.getBeanProvider(
                    ResolvableType.forClassWithGenerics(AsyncKafkaProducer.class, Object.class, Object.class));
            ProducerOptions options = producer.getObject().options();
            assertThat(options.client().bootstrapServers()).containsExactly("localhost:9092");
            assertThat(options.client().clientId()).isEqualTo("async-kafka");
            assertThat(options).usingRecursiveComparison().isEqualTo(ProducerOptions.of(options.client()));
            AdminOptions admin = context.getBean(AsyncKafkaAdmin.class).options();
            assertThat(admin.defaultApiTimeout()).isEqualTo(AdminOptions.DEFAULT_API_TIMEOUT);
        });
    }

    @Test
    void whenPropertiesAreAtTheirDefaultsThenOptionsEqualTheCoreDefaults() {
        runner.run(context -> {
            AsyncKafkaOptionsProvider provider = context.getBean(AsyncKafkaOptionsProvider.class);
            ConsumerOptions consumer = provider.consumerOptions(null, null, Map.of());
            ConsumerOptions core = ConsumerOptions.builder(consumer.client()).build();
            assertThat(consumer)
                    .usingRecursiveComparison()
                    .ignoringFields("executor", "assignors")
                    .isEqualTo(core);
            assertThat(consumer.assignors().stream().map(a -> a.name()).toList())
                    .isEqualTo(ConsumerOptions.DEFAULT_ASSIGNORS);
            ProducerOptions producer = provider.producerOptions(null, Map.of());
            assertThat(producer)
                    .usingRecursiveComparison()
                    .isEqualTo(ProducerOptions.builder(producer.client()).build());
        });
    }

    @Test
    void whenSpringApplicationNameIsSetThenItIsTheClientIdUnlessClientIdIsSet() {
        runner.withPropertyValues("spring.application.name=orders-service").run(context -> {
            AsyncKafkaOptionsProvider provider = context.getBean(AsyncKafkaOptionsProvider.class);
            assertThat(provider.producerOptions(null, Map.of()).client().clientId())
                    .isEqualTo("orders-service");
            assertThat(provider.consumerOptions(null, "listener-1", Map.of())
                            .client()
                            .clientId())
                    .isEqualTo("orders-service-listener-1");
        });
        runner.withPropertyValues("spring.application.name=orders-service", "async-kafka.client-id=orders")
                .run(context -> assertThat(context.getBean(AsyncKafkaAdmin.class)
                                .options()
                                .client()
                                .clientId())
                        .isEqualTo("orders"));
    }

    @Test
    void whenTypedPropertiesAreSetThenTheyReachTheOptions() {
        runner.withPropertyValues(
                        "async-kafka.bootstrap-servers=k1:9092,k2:9093",
                        "async-kafka.request-timeout=12s",
                        "async-kafka.producer.acks=1",
                        "async-kafka.producer.linger=20ms",
                        "async-kafka.producer.batch-size=64KB",
                        "async-kafka.producer.compression-type=zstd",
                        "async-kafka.consumer.group-id=orders",
                        "async-kafka.consumer.auto-offset-reset=earliest",
                        "async-kafka.consumer.isolation-level=read_committed",
                        "async-kafka.consumer.max-poll-interval=10m",
                        "async-kafka.consumer.assignors=roundrobin",
                        "async-kafka.admin.default-api-timeout=15s")
                .run(context -> {
                    AsyncKafkaOptionsProvider provider = context.getBean(AsyncKafkaOptionsProvider.class);
                    ProducerOptions producer = provider.producerOptions(null, Map.of());
                    assertThat(producer.client().bootstrapServers()).containsExactly("k1:9092", "k2:9093");
                    assertThat(producer.client().requestTimeout()).isEqualTo(Duration.ofSeconds(12));
                    assertThat(producer.acks()).isEqualTo(dev.asynckafka.producer.Acks.LEADER);
                    assertThat(producer.enableIdempotence())
                            .as("acks=1 turns implicit idempotence off")
                            .isFalse();
                    assertThat(producer.linger()).isEqualTo(Duration.ofMillis(20));
                    assertThat(producer.batchSize()).isEqualTo(65536);
                    assertThat(producer.compressionType()).isEqualTo(CompressionType.ZSTD);
                    ConsumerOptions consumer = provider.consumerOptions(null, null, Map.of());
                    assertThat(consumer.groupId()).isEqualTo("orders");
                    assertThat(consumer.autoOffsetReset()).isEqualTo(AutoOffsetReset.EARLIEST);
                    assertThat(consumer.isolationLevel())
                            .isEqualTo(dev.asynckafka.consumer.IsolationLevel.READ_COMMITTED);
                    assertThat(consumer.maxPollInterval()).isEqualTo(Duration.ofMinutes(10));
                    assertThat(consumer.assignors().get(0).name()).isEqualTo("roundrobin");
                    assertThat(provider.consumerOptions("other", null, Map.of()).groupId())
                            .isEqualTo("other");
                    assertThat(provider.adminOptions(null, Map.of()).defaultApiTimeout())
                            .isEqualTo(Duration.ofSeconds(15));
                });
    }

    @Test
    void whenPropertiesMapsAreSetThenTheyApplyPerClientKindWithPrecedence() {
        runner.withPropertyValues(
                        "async-kafka.producer.linger=20ms",
                        "async-kafka.properties.metadata.max.age.ms=1234",
                        "async-kafka.properties.linger.ms=30",
                        "async-kafka.properties.max.poll.interval.ms=70000",
                        "async-kafka.producer.properties.linger.ms=40",
                        "async-kafka.consumer.properties.max.poll.interval.ms=80000",
                        "async-kafka.admin.properties.default.api.timeout.ms=9000")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    AsyncKafkaOptionsProvider provider = context.getBean(AsyncKafkaOptionsProvider.class);
                    ProducerOptions producer = provider.producerOptions(null, Map.of());
                    assertThat(producer.client().metadataMaxAge()).isEqualTo(Duration.ofMillis(1234));
                    assertThat(producer.linger())
                            .as("producer map over global map over typed")
                            .isEqualTo(Duration.ofMillis(40));
                    assertThat(provider.producerOptions(null, Map.of("linger.ms", "50"))
                                    .linger())
                            .as("overrides over every map")
                            .isEqualTo(Duration.ofMillis(50));
                    ConsumerOptions consumer = provider.consumerOptions(null, null, Map.of());
                    assertThat(consumer.client().metadataMaxAge()).isEqualTo(Duration.ofMillis(1234));
                    assertThat(consumer.maxPollInterval()).isEqualTo(Duration.ofMillis(80000));
                    assertThat(provider.consumerOptions(null, null, Map.of("max.poll.interval.ms", "600000"))
                                    .maxPollInterval())
                            .isEqualTo(Duration.ofMinutes(10));
                    assertThat(provider.adminOptions(null, Map.of()).defaultApiTimeout())
                            .isEqualTo(Duration.ofSeconds(9));
                });
    }

    @Test
    void whenAFactoryOverrideIsUnknownOrInvalidThenTheErrorNamesIt() {
        runner.run(context -> {
            AsyncKafkaClientFactory factory = context.getBean(AsyncKafkaClientFactory.class);
            assertThatThrownBy(() -> factory.createConsumer(
                            "g",
                            null,
                            Map.of("max.pol.interval.ms", "1"),
                            Deserializers.string(),
                            Deserializers.string()))
                    .isInstanceOf(InvalidAsyncKafkaPropertyException.class)
                    .hasMessageContaining("override 'max.pol.interval.ms'")
                    .hasMessageContaining("unknown Kafka property");
            assertThatThrownBy(() -> factory.createConsumer(
                            "g", null, Map.of("linger.ms", "1"), Deserializers.string(), Deserializers.string()))
                    .isInstanceOf(InvalidAsyncKafkaPropertyException.class)
                    .hasMessageContaining("override 'linger.ms'")
                    .hasMessageContaining("does not apply to consumer clients");
            assertThatThrownBy(() -> factory.createConsumer(
                            "g",
                            null,
                            Map.of("max.poll.interval.ms", "soon"),
                            Deserializers.string(),
                            Deserializers.string()))
                    .isInstanceOf(InvalidAsyncKafkaPropertyException.class)
                    .hasMessageContaining("override 'max.poll.interval.ms'")
                    .hasMessageContaining("'soon' is not a whole number");
            assertThatThrownBy(() -> factory.createProducer(
                            null, Map.of("key.serializer", "x.Y"), Serializers.string(), Serializers.string()))
                    .hasMessageContaining("async-kafka.producer.key-serializer");
            assertThatThrownBy(() -> factory.createConsumer(
                            "g",
                            null,
                            Map.of("heartbeat.interval.ms", "50000"),
                            Deserializers.string(),
                            Deserializers.string()))
                    .as("the core's cross-setting rule, named after the override")
                    .isInstanceOf(InvalidAsyncKafkaPropertyException.class)
                    .hasMessageStartingWith("override 'heartbeat.interval.ms'");
        });
    }

    @Test
    void whenTheFactoryCreatesClientsThenTheyUseTheSharedResourcesAndOverrides() {
        runner.withPropertyValues("async-kafka.consumer.group-id=configured").run(context -> {
            AsyncKafkaClientFactory factory = context.getBean(AsyncKafkaClientFactory.class);
            AsyncKafkaConsumer<String, String> consumer = factory.createConsumer(
                    null,
                    "c1",
                    Map.of("max.poll.interval.ms", "600000"),
                    Deserializers.string(),
                    Deserializers.string());
            try {
                assertThat(consumer.options().groupId()).isEqualTo("configured");
                assertThat(consumer.options().client().clientId()).isEqualTo("async-kafka-c1");
                assertThat(consumer.options().maxPollInterval()).isEqualTo(Duration.ofMinutes(10));
            } finally {
                consumer.closeAsync(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
            }
            assertThat(context.getBean(ClientResources.class).isShutdown())
                    .as("closing a client leaves the shared loops running")
                    .isFalse();
        });
    }

    @Test
    void whenTheContextClosesThenTheProducerIsClosedAndTheEventLoopsShutDown() {
        List<Object> captured = new ArrayList<>();
        runner.run(context -> {
            captured.add(context.getBean(ClientResources.class));
            captured.add(context.getBean("asyncKafkaProducer"));
        });
        ClientResources resources = (ClientResources) captured.get(0);
        @SuppressWarnings("unchecked")
        AsyncKafkaProducer<Object, Object> producer = (AsyncKafkaProducer<Object, Object>) captured.get(1);
        assertThat(resources.isShutdown()).isTrue();
        assertThat(resources.isTerminated()).isTrue();
        assertThat(producer.send(new ProducerRecord<>("t", "v")))
                .failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(ExecutionException.class)
                .withMessageContaining("closed");
    }

    @Test
    void whenTheCoreIsNotOnTheClassPathThenNothingIsConfigured() {
        runner.withClassLoader(new FilteredClassLoader(AsyncKafkaProducer.class))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(AsyncKafkaProperties.class);
                    assertThat(context).doesNotHaveBean("asyncKafkaClientResources");
                    assertThat(context).doesNotHaveBean("asyncKafkaProducer");
                });
    }

    @Test
    void whenUserBeansAreDefinedThenTheAutoConfiguredOnesBackOff() throws Exception {
        List<ClientResources> userResources = new ArrayList<>();
        runner.withUserConfiguration(UserBeans.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(ClientResources.class)).isSameAs(context.getBean("userResources"));
            assertThat(context.getBean(AsyncKafkaSerdes.class)).isSameAs(context.getBean("userSerdes"));
            assertThat(context.getBean(AsyncKafkaClientFactory.class)).isSameAs(context.getBean("userFactory"));
            assertThat(context.getBean(AsyncKafkaAdmin.class)).isSameAs(context.getBean("userAdmin"));
            assertThat(context.getBean(AsyncKafkaProducer.class)).isSameAs(context.getBean("userProducer"));
            assertThat(context.getBean(JsonCodec.class)).isSameAs(context.getBean("userJson"));
            assertThat(context).doesNotHaveBean("asyncKafkaProducer");
            assertThat(context).doesNotHaveBean("asyncKafkaAdmin");
            assertThat(context).doesNotHaveBean("asyncKafkaSerdes");
            assertThat(context).doesNotHaveBean("asyncKafkaClientResources");
            userResources.add(context.getBean(ClientResources.class));
        });
        assertThat(userResources.get(0).isShutdown())
                .as("the application's own resources are the application's to shut down")
                .isFalse();
        userResources.get(0).shutdown(Duration.ofSeconds(1)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void whenAnOptionsProviderBeanIsDefinedThenTheFactoryUsesIt() {
        runner.withBean("userProvider", AsyncKafkaOptionsProvider.class, () -> new AsyncKafkaOptionsProvider() {
                    private final dev.asynckafka.ClientOptions client = dev.asynckafka.ClientOptions.builder()
                            .bootstrapServers("custom:1")
                            .build();

                    @Override
                    public ProducerOptions producerOptions(String suffix, Map<String, String> overrides) {
                        return ProducerOptions.of(client);
                    }

                    @Override
                    public ConsumerOptions consumerOptions(
                            String groupId, String suffix, Map<String, String> overrides) {
                        return ConsumerOptions.builder(client).build();
                    }

                    @Override
                    public AdminOptions adminOptions(String suffix, Map<String, String> overrides) {
                        return AdminOptions.of(client);
                    }
                })
                .run(context -> {
                    assertThat(context).doesNotHaveBean(PropertiesOptionsProvider.class);
                    assertThat(context.getBean(AsyncKafkaAdmin.class)
                                    .options()
                                    .client()
                                    .bootstrapServers())
                            .containsExactly("custom:1");
                });
    }

    @Test
    void whenAConnectionDetailsBeanIsDefinedThenItWinsOverTheProperty() {
        runner.withPropertyValues("async-kafka.bootstrap-servers=from-properties:9092")
                .withBean(AsyncKafkaConnectionDetails.class, () -> () -> List.of("from-bean:9092", "other:9092"))
                .run(context -> {
                    assertThat(context).doesNotHaveBean(PropertiesAsyncKafkaConnectionDetails.class);
                    assertThat(context.getBean(AsyncKafkaAdmin.class)
                                    .options()
                                    .client()
                                    .bootstrapServers())
                            .containsExactly("from-bean:9092", "other:9092");
                });
    }

    @Test
    void whenCustomizersAreDefinedThenTheyApplyInOrderAfterTheProperties() {
        runner.withPropertyValues("async-kafka.producer.linger=20ms", "async-kafka.producer.properties.linger.ms=25")
                .withUserConfiguration(Customizers.class)
                .run(context -> {
                    Customizers.calls.clear();
                    AsyncKafkaOptionsProvider provider = context.getBean(AsyncKafkaOptionsProvider.class);
                    ProducerOptions producer = provider.producerOptions(null, Map.of("linger.ms", "30"));
                    assertThat(Customizers.calls).containsExactly("client", "producer-first", "producer-second");
                    assertThat(producer.linger())
                            .as("the later customizer wins over the earlier one and every property")
                            .isEqualTo(Duration.ofMillis(200));
                    assertThat(producer.client().clientId()).isEqualTo("customized");
                    assertThat(provider.consumerOptions(null, null, Map.of()).checkCrcs())
                            .isFalse();
                    assertThat(provider.adminOptions(null, Map.of()).defaultApiTimeout())
                            .isEqualTo(Duration.ofSeconds(3));
                });
    }

    @Test
    void whenJacksonIsPresentThenOtherTypesAreJsonThroughTheApplicationsMapper() {
        runner.withBean(
                        JsonMapper.class,
                        () -> JsonMapper.builder()
                                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                                .build())
                .run(context -> {
                    AsyncKafkaSerdes serdes = context.getBean(AsyncKafkaSerdes.class);
                    byte[] json = serdes.valueSerializer().serialize("t", new Purchase("o-1", 3));
                    assertThat(new String(json, StandardCharsets.UTF_8))
                            .isEqualTo("{\"order_id\":\"o-1\",\"quantity\":3}");
                    Object back = serdes.valueDeserializer(Purchase.class).deserialize("t", ByteBuffer.wrap(json));
                    assertThat(back).isEqualTo(new Purchase("o-1", 3));
                    // Native types stay native.
                    assertThat(serdes.valueSerializer().serialize("t", "text"))
                            .isEqualTo("text".getBytes(StandardCharsets.UTF_8));
                    assertThat(serdes.keySerializer().serialize("t", 7)).containsExactly(0, 0, 0, 7);
                    UUID id = UUID.randomUUID();
                    assertThat(serdes.keyDeserializer(UUID.class)
                                    .deserialize(
                                            "t",
                                            ByteBuffer.wrap(Serializers.uuid().serialize("t", id))))
                            .isEqualTo(id);
                });
    }

    @Test
    void whenJacksonIsMissingThenJsonIsUnavailableButEverythingElseWorks() {
        runner.withClassLoader(new FilteredClassLoader("tools.jackson")).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(JsonCodec.class);
            assertThat(context).hasBean("asyncKafkaProducer");
            AsyncKafkaSerdes serdes = context.getBean(AsyncKafkaSerdes.class);
            assertThat(serdes.valueSerializer().serialize("t", "text"))
                    .isEqualTo("text".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> serdes.valueSerializer().serialize("t", new Purchase("o", 1)))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining(Purchase.class.getName())
                    .hasMessageContaining("Jackson");
            assertThatThrownBy(() -> serdes.valueDeserializer(Purchase.class))
                    .hasMessageContaining(Purchase.class.getName())
                    .hasMessageContaining("async-kafka.consumer.value-deserializer");
            assertThat(serdes.valueDeserializer(String.class).deserialize("t", ByteBuffer.wrap(new byte[] {'a'})))
                    .isEqualTo("a");
        });
        runner.withClassLoader(new FilteredClassLoader("tools.jackson"))
                .withPropertyValues("async-kafka.producer.value-serializer=json")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(InvalidAsyncKafkaPropertyException.class)
                        .hasMessageContaining("async-kafka.producer.value-serializer"));
    }

    @Test
    void whenSerdesArePropertiesOrBeansThenTheyWinOverTheType() {
        Serializer<Object> userSerializer = (topic, data) -> new byte[] {42};
        Deserializer<Object> userDeserializer = (topic, data) -> "from-bean";
        runner.withPropertyValues(
                        "async-kafka.producer.key-serializer=string", "async-kafka.consumer.value-deserializer=bytes")
                .withBean(AsyncKafkaAutoConfiguration.VALUE_SERIALIZER_BEAN, Serializer.class, () -> userSerializer)
                .withBean(AsyncKafkaAutoConfiguration.KEY_DESERIALIZER_BEAN, Deserializer.class, () -> userDeserializer)
                .run(context -> {
                    AsyncKafkaSerdes serdes = context.getBean(AsyncKafkaSerdes.class);
                    assertThat(serdes.valueSerializer().serialize("t", new Purchase("o", 1)))
                            .containsExactly(42);
                    assertThat(serdes.keySerializer().serialize("t", "k")).isEqualTo(new byte[] {'k'});
                    assertThatThrownBy(() -> serdes.keySerializer().serialize("t", 5))
                            .hasMessageContaining("async-kafka.producer.key-serializer expects String");
                    assertThat(serdes.keyDeserializer(Long.class).deserialize("t", ByteBuffer.wrap(new byte[8])))
                            .isEqualTo("from-bean");
                    assertThat(serdes.valueDeserializer(String.class)
                                    .deserialize("t", ByteBuffer.wrap(new byte[] {1, 2})))
                            .isEqualTo(new byte[] {1, 2});
                    assertThat(context.getBean(AsyncKafkaProperties.class)
                                    .getProducer()
                                    .getKeySerializer())
                            .isEqualTo(SerdeType.STRING);
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class UserBeans {
        @Bean
        ClientResources userResources() {
            return ClientResources.create(1);
        }

        @Bean
        AsyncKafkaSerdes userSerdes() {
            return new DefaultAsyncKafkaSerdes(
                    SerdeType.STRING,
                    SerdeType.STRING,
                    SerdeType.STRING,
                    SerdeType.STRING,
                    null,
                    null,
                    null,
                    null,
                    null);
        }

        @Bean
        AsyncKafkaClientFactory userFactory(AsyncKafkaOptionsProvider options, ClientResources resources) {
            return new DefaultAsyncKafkaClientFactory(options, resources);
        }

        @Bean(destroyMethod = "close")
        AsyncKafkaAdmin userAdmin(AsyncKafkaOptionsProvider options, ClientResources resources) {
            return AsyncKafkaAdmin.create(options.adminOptions("user", Map.of()), resources);
        }

        @Bean(destroyMethod = "close")
        AsyncKafkaProducer<String, String> userProducer(AsyncKafkaOptionsProvider options, ClientResources resources) {
            return AsyncKafkaProducer.create(
                    options.producerOptions("user", Map.of()), Serializers.string(), Serializers.string(), resources);
        }

        @Bean
        JsonCodec userJson() {
            return new JacksonJsonCodec(JsonMapper.shared());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizers {
        static final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());

        @Bean
        @Order(2)
        ProducerOptionsCustomizer secondProducerCustomizer() {
            return b -> {
                calls.add("producer-second");
                b.linger(Duration.ofMillis(200));
            };
        }

        @Bean
        @Order(1)
        ProducerOptionsCustomizer firstProducerCustomizer() {
            return b -> {
                calls.add("producer-first");
                b.linger(Duration.ofMillis(100));
            };
        }

        @Bean
        ClientOptionsCustomizer clientCustomizer() {
            return b -> {
                calls.add("client");
                b.clientId("customized");
            };
        }

        @Bean
        ConsumerOptionsCustomizer consumerCustomizer() {
            return b -> b.checkCrcs(false);
        }

        @Bean
        AdminOptionsCustomizer adminCustomizer() {
            return b -> b.defaultApiTimeout(Duration.ofSeconds(3));
        }
    }
}
