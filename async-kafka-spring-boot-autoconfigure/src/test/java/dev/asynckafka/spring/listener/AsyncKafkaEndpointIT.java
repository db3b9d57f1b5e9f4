package dev.asynckafka.spring.listener;

import static dev.asynckafka.spring.listener.ListenerTestSupport.FAST;
import static dev.asynckafka.spring.listener.ListenerTestSupport.await;
import static dev.asynckafka.spring.listener.ListenerTestSupport.committed;
import static dev.asynckafka.spring.listener.ListenerTestSupport.createTopic;
import static dev.asynckafka.spring.listener.ListenerTestSupport.produce;
import static dev.asynckafka.spring.listener.ListenerTestSupport.runner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asynckafka.spring.actuate.AsyncKafkaEndpoint;
import dev.asynckafka.spring.actuate.AsyncKafkaEndpoint.ContainerDescriptor;
import dev.asynckafka.spring.actuate.AsyncKafkaEndpoint.PartitionDescriptor;
import dev.asynckafka.spring.actuate.AsyncKafkaEndpointAutoConfiguration;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.autoconfigure.AutoConfigurations;

/** The {@code asynckafka} Actuator endpoint over a running container, against the embedded broker. */
@EmbeddedAsyncKafka
@Timeout(180)
class AsyncKafkaEndpointIT {

    static final class CountingListener {
        final List<String> values = new CopyOnWriteArrayList<>();

        @AsyncKafkaListener(id = "endpoint", topics = "endpoint", groupId = "endpoint-group")
        void on(String value) {
            values.add(value);
        }
    }

    @Test
    void showsTheContainerAndPausesResumesStopsAndStartsIt(@BootstrapServers String bootstrap) throws Exception {
        createTopic(bootstrap, "endpoint", 2);
        produce(bootstrap, "endpoint", 2, 0, 5);
        runner(bootstrap)
                .withConfiguration(AutoConfigurations.of(AsyncKafkaEndpointAutoConfiguration.class))
                .withPropertyValues("management.endpoints.web.exposure.include=asynckafka")
                .withBean(ListenerSettings.class, () -> FAST)
                .withBean(CountingListener.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    AsyncKafkaEndpoint endpoint = context.getBean(AsyncKafkaEndpoint.class);
                    CountingListener listener = context.getBean(CountingListener.class);
                    await("10 records", () -> listener.values.size() == 10);
                    await("both partitions committed at 5", () -> committedAll(endpoint, 5));

                    ContainerDescriptor running =
                            endpoint.describe().containers().get("endpoint");
                    assertThat(running.state()).isEqualTo("RUNNING");
                    assertThat(running.group()).isEqualTo("endpoint-group");
                    assertThat(running.groupState()).isEqualTo("STABLE");
                    assertThat(running.generation()).isPositive();
                    assertThat(running.memberId()).isNotEmpty();
                    assertThat(running.paused()).isFalse();
                    assertThat(running.partitions()).containsOnlyKeys("endpoint-0", "endpoint-1");
                    PartitionDescriptor p0 = running.partitions().get("endpoint-0");
                    assertThat(p0.topic()).isEqualTo("endpoint");
                    assertThat(p0.position()).isEqualTo(5);
                    assertThat(p0.pendingRecords()).isZero();
                    assertThat(p0.fetchPaused()).isFalse();
                    assertThat(endpoint.container("endpoint")).isEqualTo(running);
                    assertThat(endpoint.container("nope")).isNull();

                    ContainerDescriptor paused = endpoint.operate("endpoint", "pause");
                    assertThat(paused.paused()).isTrue();
                    assertThat(paused.partitions().values()).allMatch(PartitionDescriptor::fetchPaused);
                    produce(bootstrap, "endpoint", 2, 5, 5);
                    // Nothing to wait for that would prove an absence: give a running container ample
                    // time to take the new records, then check it took none.
                    Thread.sleep(1_000);
                    assertThat(listener.values).as("processed while paused").hasSize(10);

                    assertThat(endpoint.operate("endpoint", "RESUME").paused()).isFalse();
                    await("20 records after resume", () -> listener.values.size() == 20);
                    await("both partitions committed at 10", () -> committedAll(endpoint, 10));

                    ContainerDescriptor stopped = endpoint.operate("endpoint", "stop");
                    assertThat(stopped.state()).isEqualTo("STOPPED");
                    assertThat(stopped.partitions()).isEmpty();
                    assertThat(stopped.groupState()).isNull();
                    assertThat(committed(bootstrap, "endpoint-group", "endpoint"))
                            .isEqualTo(Map.of(0, 10L, 1, 10L));

                    produce(bootstrap, "endpoint", 2, 10, 1);
                    assertThat(endpoint.operate("endpoint", "start").state()).isIn("STARTING", "RUNNING");
                    await("22 records after start", () -> listener.values.size() == 22);
                    assertThat(listener.values).doesNotHaveDuplicates();

                    assertThatThrownBy(() -> endpoint.operate("endpoint", "explode"))
                            .isInstanceOf(InvalidEndpointRequestException.class)
                            .hasMessageContaining("Unknown action 'explode'");
                    assertThatThrownBy(() -> endpoint.operate("nope", "pause"))
                            .isInstanceOf(InvalidEndpointRequestException.class)
                            .hasMessageContaining("No listener container with id 'nope'");
                });
    }

    @Test
    void absentUnlessExposed(@BootstrapServers String bootstrap) {
        runner(bootstrap)
                .withConfiguration(AutoConfigurations.of(AsyncKafkaEndpointAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(AsyncKafkaEndpoint.class));
    }

    private static boolean committedAll(AsyncKafkaEndpoint endpoint, long offset) {
        ContainerDescriptor c = endpoint.container("endpoint");
        return c != null
                && c.partitions().size() == 2
                && c.partitions().values().stream().allMatch(p -> p.committed() == offset);
    }
}
