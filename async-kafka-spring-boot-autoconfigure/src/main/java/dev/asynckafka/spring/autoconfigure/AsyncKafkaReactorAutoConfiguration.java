package dev.asynckafka.spring.autoconfigure;

import dev.asynckafka.ClientResources;
import dev.asynckafka.reactor.KafkaReceiver;
import dev.asynckafka.spring.core.AsyncKafkaOptionsProvider;
import dev.asynckafka.spring.core.AsyncKafkaSerdes;
import dev.asynckafka.spring.reactor.DefaultReactiveAsyncKafkaFactory;
import dev.asynckafka.spring.reactor.ReactiveAsyncKafkaFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@link ReactiveAsyncKafkaFactory} bean, when {@code reactor-core} and {@code
 * async-kafka-reactor} are on the class path (the starter works without them); it backs off for a
 * user bean of that type.
 */
@AutoConfiguration(after = AsyncKafkaAutoConfiguration.class)
@ConditionalOnClass(value = KafkaReceiver.class, name = "reactor.core.publisher.Flux")
@ConditionalOnBean({AsyncKafkaOptionsProvider.class, AsyncKafkaSerdes.class, ClientResources.class})
public final class AsyncKafkaReactorAutoConfiguration {

    /** Receivers and senders from the {@code async-kafka.*} configuration. */
    @Bean
    @ConditionalOnMissingBean(ReactiveAsyncKafkaFactory.class)
    DefaultReactiveAsyncKafkaFactory reactiveAsyncKafkaFactory(
            AsyncKafkaOptionsProvider options, AsyncKafkaSerdes serdes, ClientResources resources) {
        return new DefaultReactiveAsyncKafkaFactory(options, serdes, resources);
    }
}
