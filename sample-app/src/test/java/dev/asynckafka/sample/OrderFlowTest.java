package dev.asynckafka.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.test.EmbeddedAsyncKafka;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The sample as a user tests their own application: {@code @SpringBootTest} with
 * {@code @EmbeddedAsyncKafka} and nothing else. The topics come from the sample's NewTopic beans.
 */
@SpringBootTest
@EmbeddedAsyncKafka
class OrderFlowTest {

    @Autowired
    OrderController orders;

    @Autowired
    OrderStats stats;

    @Test
    void anOrderIsProcessedAndAuditedAndAnInvalidOneDeadLettered() throws Exception {
        Map<String, Object> written = orders.publish(new Order("o-1", "alice", new BigDecimal("12.50")))
                .get(30, TimeUnit.SECONDS);
        assertThat(written).containsEntry("topic", "orders");
        orders.publish(new Order("o-2", "bob", new BigDecimal("-1"))).get(30, TimeUnit.SECONDS);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!done() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(stats.snapshot())
                .containsEntry("processed", 1L)
                .containsEntry("audited", 2L)
                .containsEntry("deadLettered", 1L);
    }

    private boolean done() {
        Map<String, Object> s = stats.snapshot();
        return Long.valueOf(1).equals(s.get("processed"))
                && Long.valueOf(2).equals(s.get("audited"))
                && Long.valueOf(1).equals(s.get("deadLettered"));
    }
}
