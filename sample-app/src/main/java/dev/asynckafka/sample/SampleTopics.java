package dev.asynckafka.sample;

import dev.asynckafka.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The sample's topics as {@link NewTopic} beans: the starter creates them at startup, before the
 * listener containers start, so each listener sees every partition from its first assignment (and
 * grows a topic that exists with fewer partitions).
 */
@Configuration(proxyBeanMethods = false)
class SampleTopics {
    static final String ORDERS = "orders";
    static final String AUDIT = "orders-audit";
    static final int PARTITIONS = 6;

    @Bean
    NewTopic ordersTopic() {
        return new NewTopic(ORDERS, PARTITIONS, (short) 1);
    }

    @Bean
    NewTopic auditTopic() {
        return new NewTopic(AUDIT, PARTITIONS, (short) 1);
    }

    @Bean
    NewTopic deadLetterTopic() {
        return new NewTopic(ORDERS + ".DLT", PARTITIONS, (short) 1);
    }
}
