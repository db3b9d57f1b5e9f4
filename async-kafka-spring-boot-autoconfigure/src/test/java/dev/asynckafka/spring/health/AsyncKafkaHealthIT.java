package dev.asynckafka.spring.health;

import static dev.asynckafka.spring.testsupport.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.ClientResources;
import dev.asynckafka.admin.AdminOptions;
import dev.asynckafka.admin.AsyncKafkaAdmin;
import dev.asynckafka.spring.listener.AsyncKafkaListenerRegistry;
import dev.asynckafka.spring.listener.ListenerContainer;
import dev.asynckafka.spring.listener.ListenerObserver;
import dev.asynckafka.spring.testsupport.StubListenerContainer;
import dev.asynckafka.spring.testsupport.TestListenerContainer;
import dev.asynckafka.test.EmbeddedKafkaCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The health indicator against a real broker that the test stops. */
@Timeout(180)
class AsyncKafkaHealthIT {
    private EmbeddedKafkaCluster cluster;
    private ClientResources resources;
    private AsyncKafkaAdmin admin;
    private final List<ListenerContainer> containers = new CopyOnWriteArrayList<>();
    private AsyncKafkaHealthIndicator indicator;

    @BeforeEach
    void setUp() {
        cluster = EmbeddedKafkaCluster.builder()
                .topic("health-topic", 2)
                .brokerProperty("group.initial.rebalance.delay.ms", "0")
                .brokerProperty("group.min.session.timeout.ms", "1000")
                .start();
        resources = ClientResources.create(1);
        admin = AsyncKafkaAdmin.create(
                AdminOptions.of(ClientOptions.builder()
                        .bootstrapServers(cluster.bootstrapServers())
                        .build()),
                resources);
        indicator = new AsyncKafkaHealthIndicator(admin, () -> List.copyOf(containers));
        indicator.setTimeout(Duration.ofSeconds(3));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (ListenerContainer c : containers) {
            if (c instanceof TestListenerContainer t && t.consumer() != null) {
                t.realConsumer().closeAsync(Duration.ofSeconds(5)).get(30, TimeUnit.SECONDS);
            }
        }
        admin.close();
        resources.shutdown(Duration.ofSeconds(10)).get(30, TimeUnit.SECONDS);
        cluster.close();
    }

    private TestListenerContainer container(String id) {
        TestListenerContainer c = new TestListenerContainer(
                id, cluster.bootstrapServers(), "health-group", resources, new ListenerObserver() {});
        containers.add(c);
        return c.start("health-topic");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> containerDetails(Health health, String id) {
        Map<String, Object> all = (Map<String, Object>) health.getDetails().get("containers");
        assertThat(all).as("containers detail of %s", health).containsKey(id);
        return (Map<String, Object>) all.get(id);
    }

    @Test
    void upWhileTheClusterAnswersThenDownWithAReasonAfterTheBrokerStops() throws Exception {
        TestListenerContainer c = container("orders");
        until(
                "the container's consumer is a stable member",
                () -> c.realConsumer().metrics().groupState().name().equals("STABLE"));

        Health up = indicator.health(true);
        assertThat(up.getStatus()).as("%s", up).isEqualTo(Status.UP);
        assertThat(up.getDetails()).containsEntry("brokers", 1).containsKey("clusterId");
        assertThat(up.getDetails().get("clusterId")).isNotEqualTo("unknown");
        assertThat(containerDetails(up, "orders"))
                .containsEntry("state", "RUNNING")
                .containsEntry("group", "health-group")
                .containsEntry("groupState", "STABLE")
                .containsEntry("groupProtocol", "classic")
                .containsEntry("assignedPartitions", 2)
                .containsEntry("paused", false);

        c.pause();
        assertThat(indicator.health(true).getStatus())
                .as("a paused container is intentional")
                .isEqualTo(Status.UP);

        cluster.close();
        long start = System.nanoTime();
        Health down = indicator.health(true);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(down.getStatus()).as("%s", down).isEqualTo(Status.DOWN);
        assertThat((String) down.getDetails().get("error")).contains("did not answer describeCluster within 3000 ms");
        assertThat(down.getDetails()).doesNotContainKey("brokers");
        assertThat(tookMs)
                .as("a check waits for the timeout, not for the admin's retries")
                .isLessThan(60_000);
    }

    @Test
    void downWhenAContainerFailedEvenWithTheClusterUp() {
        TestListenerContainer healthy = container("healthy");
        TestListenerContainer broken = container("broken");
        assertThat(indicator.health(true).getStatus()).isEqualTo(Status.UP);

        broken.fail(new IllegalStateException("deserializer exploded"));
        Health down = indicator.health(true);
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat((String) down.getDetails().get("error"))
                .isEqualTo("Listener container broken failed: IllegalStateException: deserializer exploded");
        assertThat(down.getDetails()).containsEntry("brokers", 1);
        assertThat(containerDetails(down, "broken"))
                .containsEntry("state", "FAILED")
                .containsEntry("failure", "IllegalStateException: deserializer exploded");
        assertThat(containerDetails(down, "healthy")).containsEntry("state", "RUNNING");
        assertThat(healthy.state()).isEqualTo(ListenerContainer.State.RUNNING);
    }

    @Test
    void downWhenAContainerReportsAFailureBeforeItsStateSaysFailed() {
        StubListenerContainer c = new StubListenerContainer("failing");
        containers.add(c);
        assertThat(indicator.health(true).getStatus()).isEqualTo(Status.UP);

        c.failure(new IllegalStateException("commit failed for good"));
        assertThat(c.state()).isEqualTo(ListenerContainer.State.RUNNING);
        Health down = indicator.health(true);
        assertThat(down.getStatus()).as("%s", down).isEqualTo(Status.DOWN);
        assertThat(down.getDetails())
                .containsEntry(
                        "error", "Listener container failing failed: IllegalStateException: commit failed for good")
                .containsEntry("brokers", 1);
        assertThat(containerDetails(down, "failing"))
                .containsEntry("state", "RUNNING")
                .containsEntry("failure", "IllegalStateException: commit failed for good");
    }

    @Test
    void everyListenerRegistryBeanIsReported() {
        StubListenerContainer first = new StubListenerContainer("in-first");
        StubListenerContainer second = new StubListenerContainer("in-second");
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AsyncKafkaHealthAutoConfiguration.class))
                .withBean(AsyncKafkaAdmin.class, () -> admin)
                .withBean(
                        "firstRegistry", AsyncKafkaListenerRegistry.class, () -> StubListenerContainer.registry(first))
                .withBean(
                        "secondRegistry",
                        AsyncKafkaListenerRegistry.class,
                        () -> StubListenerContainer.registry(second, first))
                .run(context -> {
                    AsyncKafkaHealthIndicator fromContext = context.getBean(AsyncKafkaHealthIndicator.class);
                    Health up = fromContext.health(true);
                    assertThat(up.getStatus()).as("%s", up).isEqualTo(Status.UP);
                    assertThat(containerDetails(up, "in-first")).containsEntry("state", "RUNNING");
                    assertThat(containerDetails(up, "in-second")).containsEntry("state", "RUNNING");

                    second.state(ListenerContainer.State.FAILED);
                    Health down = fromContext.health(true);
                    assertThat(down.getStatus()).as("%s", down).isEqualTo(Status.DOWN);
                    assertThat(down.getDetails()).containsEntry("error", "Listener container in-second failed");
                });
    }

    @Test
    void stoppedContainersAreIntentional() throws Exception {
        TestListenerContainer c = container("stopped-one");
        c.stop();
        Health health = indicator.health(true);
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(containerDetails(health, "stopped-one"))
                .containsEntry("state", "STOPPED")
                .containsEntry("assignedPartitions", 0)
                .doesNotContainKey("groupState");
    }

    @Test
    void rejectsANonPositiveTimeout() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> indicator.setTimeout(Duration.ZERO))
                .withMessageContaining("async-kafka health timeout");
    }
}
