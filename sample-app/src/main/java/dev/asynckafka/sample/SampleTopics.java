package dev.asynckafka.sample;

import dev.asynckafka.admin.AsyncKafkaAdmin;
import dev.asynckafka.admin.NewTopic;
import dev.asynckafka.errors.TopicExistsException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Creates the sample's topics before the listener containers start (they start late in the
 * lifecycle), so each listener sees every partition from its first assignment. Blocking here is
 * fine: it runs once, on the startup thread.
 */
@Component
class SampleTopics implements SmartInitializingSingleton {
    static final String ORDERS = "orders";
    static final String AUDIT = "orders-audit";
    static final int PARTITIONS = 6;

    private final AsyncKafkaAdmin admin;

    SampleTopics(AsyncKafkaAdmin admin) {
        this.admin = admin;
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (String topic : List.of(ORDERS, AUDIT, ORDERS + ".DLT")) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1)))
                        .orTimeout(Duration.ofSeconds(60).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                        .join();
            } catch (CompletionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }
}
