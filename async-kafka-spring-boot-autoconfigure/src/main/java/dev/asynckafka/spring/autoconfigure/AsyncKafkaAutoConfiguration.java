package dev.asynckafka.spring.autoconfigure;

import dev.asynckafka.ClientResources;
import dev.asynckafka.admin.AsyncKafkaAdmin;
import dev.asynckafka.producer.AsyncKafkaProducer;
import dev.asynckafka.security.OAuthBearerTokenProvider;
import dev.asynckafka.serialization.Deserializer;
import dev.asynckafka.serialization.Serializer;
import dev.asynckafka.spring.core.AsyncKafkaClientFactory;
import dev.asynckafka.spring.core.AsyncKafkaOptionsProvider;
import dev.asynckafka.spring.core.AsyncKafkaSerdes;
import dev.asynckafka.spring.core.AsyncKafkaTransactionTemplate;
import dev.asynckafka.spring.core.DefaultAsyncKafkaClientFactory;
import dev.asynckafka.spring.core.DefaultAsyncKafkaSerdes;
import dev.asynckafka.spring.core.InvalidAsyncKafkaPropertyException;
import dev.asynckafka.spring.core.JacksonJsonCodec;
import dev.asynckafka.spring.core.JsonCodec;
import dev.asynckafka.spring.listener.ListenerSettings;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configuration of async-kafka: {@code async-kafka.*} properties, connection details, the
 * shared event loops, serializer choice, the client factory, a producer bean and an admin bean.
 * Every bean backs off when the application defines one of the same type.
 *
 * <p>Invalid configuration fails startup: the options of every kind of client are built once when
 * the {@link AsyncKafkaOptionsProvider} is created, and errors name the property.
 */
@AutoConfiguration(
        after = SslAutoConfiguration.class,
        afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(AsyncKafkaProducer.class)
@EnableConfigurationProperties(AsyncKafkaProperties.class)
public final class AsyncKafkaAutoConfiguration {
    /** Name of a {@code Serializer} bean that serializes the producer bean's keys, winning over the properties. */
    public static final String KEY_SERIALIZER_BEAN = "asyncKafkaKeySerializer";

    /** Name of a {@code Serializer} bean that serializes the producer bean's values, winning over the properties. */
    public static final String VALUE_SERIALIZER_BEAN = "asyncKafkaValueSerializer";

    /** Name of a {@code Deserializer} bean for keys of every type, winning over the properties. */
    public static final String KEY_DESERIALIZER_BEAN = "asyncKafkaKeyDeserializer";

    /** Name of a {@code Deserializer} bean for values of every type, winning over the properties. */
    public static final String VALUE_DESERIALIZER_BEAN = "asyncKafkaValueDeserializer";

    @Bean
    @ConditionalOnMissingBean(AsyncKafkaConnectionDetails.class)
    PropertiesAsyncKafkaConnectionDetails asyncKafkaConnectionDetails(AsyncKafkaProperties properties) {
        return new PropertiesAsyncKafkaConnectionDetails(properties);
    }

    /** Closes the client beans created here on shutdown, waiting for their asynchronous close. */
    @Bean
    @ConditionalOnMissingBean(ClientCloser.class)
    static ClientCloser asyncKafkaClientCloser() {
        return new ClientCloser();
    }

    /** The shared event loops; shut down after every client bean that uses them is closed. */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean(ClientResources.class)
    ClientResources asyncKafkaClientResources(AsyncKafkaProperties properties, ClientCloser closer) {
        Integer threads = properties.getIoThreads();
        Duration timeout = properties.getCloseTimeout();
        ClientResources resources = threads == null ? ClientResources.create() : ClientResources.create(threads);
        return closer.manage(resources, r -> r.shutdown(timeout), timeout);
    }

    @Bean
    @ConditionalOnMissingBean(AsyncKafkaOptionsProvider.class)
    PropertiesOptionsProvider asyncKafkaOptionsProvider(
            AsyncKafkaProperties properties,
            AsyncKafkaConnectionDetails connectionDetails,
            Environment environment,
            ObjectProvider<SslBundles> sslBundles,
            ObjectProvider<OAuthBearerTokenProvider> tokenProvider,
            ObjectProvider<ClientOptionsCustomizer> clientCustomizers,
            ObjectProvider<ProducerOptionsCustomizer> producerCustomizers,
            ObjectProvider<ConsumerOptionsCustomizer> consumerCustomizers,
            ObjectProvider<AdminOptionsCustomizer> adminCustomizers) {
        String applicationName = environment.getProperty("spring.application.name");
        PropertiesOptionsProvider provider = new PropertiesOptionsProvider(
                properties,
                connectionDetails,
                applicationName == null || applicationName.isBlank() ? "async-kafka" : applicationName,
                sslBundles.getIfAvailable(),
                tokenProvider.getIfUnique(),
                clientCustomizers.orderedStream().toList(),
                producerCustomizers.orderedStream().toList(),
                consumerCustomizers.orderedStream().toList(),
                adminCustomizers.orderedStream().toList());
        provider.validate();
        return provider;
    }

    @Bean
    @ConditionalOnMissingBean(AsyncKafkaClientFactory.class)
    DefaultAsyncKafkaClientFactory asyncKafkaClientFactory(
            AsyncKafkaOptionsProvider optionsProvider, ClientResources resources) {
        return new DefaultAsyncKafkaClientFactory(optionsProvider, resources);
    }

    @Bean
    @ConditionalOnMissingBean(AsyncKafkaSerdes.class)
    DefaultAsyncKafkaSerdes asyncKafkaSerdes(
            AsyncKafkaProperties properties, BeanFactory beanFactory, ObjectProvider<JsonCodec> json) {
        AsyncKafkaProducerProperties producer = properties.getProducer();
        AsyncKafkaConsumerProperties consumer = properties.getConsumer();
        return new DefaultAsyncKafkaSerdes(
                producer.getKeySerializer(),
                producer.getValueSerializer(),
                consumer.getKeyDeserializer(),
                consumer.getValueDeserializer(),
                bean(beanFactory, KEY_SERIALIZER_BEAN, Serializer.class),
                bean(beanFactory, VALUE_SERIALIZER_BEAN, Serializer.class),
                bean(beanFactory, KEY_DESERIALIZER_BEAN, Deserializer.class),
                bean(beanFactory, VALUE_DESERIALIZER_BEAN, Deserializer.class),
                json.getIfAvailable());
    }

    private static <T> @Nullable T bean(BeanFactory beanFactory, String name, Class<T> type) {
        return beanFactory.containsBean(name) ? beanFactory.getBean(name, type) : null;
    }

    /**
     * The producer bean for {@code Object} keys and values, serialized as {@link AsyncKafkaSerdes}
     * chooses. On shutdown it flushes, then closes within {@code async-kafka.close-timeout}.
     */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean(AsyncKafkaProducer.class)
    AsyncKafkaProducer<Object, Object> asyncKafkaProducer(
            AsyncKafkaProperties properties,
            AsyncKafkaClientFactory clientFactory,
            AsyncKafkaSerdes serdes,
            ClientCloser closer) {
        Duration timeout = properties.getCloseTimeout();
        String prefix = properties.getProducer().getTransactionIdPrefix();
        if (prefix != null && prefix.isBlank()) {
            throw new InvalidAsyncKafkaPropertyException(
                    AsyncKafkaProperties.PREFIX + ".producer.transaction-id-prefix",
                    "must not be blank (leave it unset for a producer without transactions)",
                    null);
        }
        Map<String, String> overrides =
                prefix == null ? Map.of() : Map.of(PropertiesOptionsProvider.TRANSACTIONAL_ID, prefix + "0");
        AsyncKafkaProducer<Object, Object> producer =
                clientFactory.createProducer(null, overrides, serdes.keySerializer(), serdes.valueSerializer());
        return closer.manage(
                producer,
                p -> p.flush()
                        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .handle((ok, error) -> null)
                        .thenCompose(ignored -> p.closeAsync(timeout)),
                timeout.multipliedBy(2));
    }

    /**
     * Runs application code in transactions of the producer bean, when {@code
     * async-kafka.producer.transaction-id-prefix} makes it transactional.
     */
    @Bean
    @ConditionalOnMissingBean(AsyncKafkaTransactionTemplate.class)
    @ConditionalOnProperty(prefix = "async-kafka.producer", name = "transaction-id-prefix")
    AsyncKafkaTransactionTemplate<Object, Object> asyncKafkaTransactionTemplate(
            AsyncKafkaProducer<Object, Object> producer) {
        return new AsyncKafkaTransactionTemplate<>(producer);
    }

    /** The admin bean; closed on shutdown within {@code async-kafka.close-timeout}. */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean(AsyncKafkaAdmin.class)
    AsyncKafkaAdmin asyncKafkaAdmin(
            AsyncKafkaProperties properties, AsyncKafkaClientFactory clientFactory, ClientCloser closer) {
        Duration timeout = properties.getCloseTimeout();
        return closer.manage(clientFactory.createAdmin(null, Map.of()), a -> a.closeAsync(timeout), timeout);
    }

    /**
     * Creates (or grows) the topics of the context's {@link dev.asynckafka.admin.NewTopic} beans
     * before the listener containers start; off with {@code async-kafka.admin.auto-create=false}.
     */
    @Bean
    @ConditionalOnProperty(prefix = "async-kafka.admin", name = "auto-create", matchIfMissing = true)
    NewTopicsInitializer asyncKafkaNewTopicsInitializer(
            AsyncKafkaAdmin admin,
            ObjectProvider<dev.asynckafka.admin.NewTopic> topics,
            AsyncKafkaProperties properties) {
        AsyncKafkaAdminProperties p = properties.getAdmin();
        return new NewTopicsInitializer(admin, topics, p.isFailFast(), p.getOperationTimeout());
    }

    /** The {@code async-kafka.listener.*} settings, for the listener containers. */
    @Bean
    @ConditionalOnMissingBean(ListenerSettings.class)
    ListenerSettings asyncKafkaListenerSettings(AsyncKafkaProperties properties) {
        return properties.getListener().toSettings();
    }

    /** JSON through the application's Jackson {@link JsonMapper}, when Jackson is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JsonMapper.class)
    static final class JacksonJsonConfiguration {
        @Bean
        @ConditionalOnMissingBean(JsonCodec.class)
        JacksonJsonCodec asyncKafkaJsonCodec(ObjectProvider<JsonMapper> jsonMapper) {
            return new JacksonJsonCodec(jsonMapper.getIfAvailable(JsonMapper::shared));
        }
    }
}
