package dev.asynckafka.spring.health;

import dev.asynckafka.admin.AsyncKafkaAdmin;
import dev.asynckafka.admin.ClusterDescription;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.consumer.ConsumerMetrics;
import dev.asynckafka.spring.listener.ListenerContainer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the application's Kafka usage, contributed as {@code asyncKafka}.
 *
 * <p>UP when the cluster answers {@code describeCluster} within the {@linkplain #setTimeout
 * timeout} and no listener container has failed, i.e. is {@linkplain ListenerContainer.State#FAILED
 * FAILED} or reports a {@linkplain ListenerContainer#failure() failure} (stopped and paused
 * containers are intentional and count as healthy). DOWN otherwise, with an {@code error} detail
 * saying why (every reason, separated by {@code "; "}). Details: {@code clusterId} and {@code brokers} (the live broker
 * count) when the cluster answered, and under {@code containers} each container's {@code state},
 * {@code group}, {@code groupState} (stable, rebalancing, ...), {@code groupProtocol} (classic or
 * consumer, with a group), {@code assignedPartitions}, {@code
 * paused}, for a failed one, {@code failure}, and for one subscribed to topics that do not exist
 * (yet) {@code missingTopics}: such a container is still UP (a topic created after the application
 * started is an ordinary start-up race; its consumer keeps looking and joins it within seconds of
 * its creation), but the detail says why it has no partitions.
 *
 * <p>Addresses the client could not connect to at its last attempt are listed under {@code
 * connectionFailures} (address to cause), and named in the {@code error} when the cluster did not
 * answer.
 *
 * <p>A check blocks the calling thread (the health endpoint's) for at most the timeout. A
 * describeCluster that has not answered yet is not sent again: the next check waits on the same
 * one, so an unreachable cluster never piles up requests.
 */
public class AsyncKafkaHealthIndicator extends AbstractHealthIndicator {
    /** The default of {@link #setTimeout}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final AsyncKafkaAdmin admin;
    private final Supplier<Collection<ListenerContainer>> containers;
    private final AtomicReference<@Nullable CompletableFuture<ClusterDescription>> inFlight = new AtomicReference<>();
    private volatile Duration timeout = DEFAULT_TIMEOUT;

    /**
     * @param admin asks the cluster
     * @param containers the listener containers to report on (empty if the application has none)
     */
    public AsyncKafkaHealthIndicator(AsyncKafkaAdmin admin, Supplier<Collection<ListenerContainer>> containers) {
        super("async-kafka health check failed");
        this.admin = Objects.requireNonNull(admin, "admin");
        this.containers = Objects.requireNonNull(containers, "containers");
    }

    /**
     * How long a check waits for the cluster to answer before reporting DOWN; {@link
     * #DEFAULT_TIMEOUT} unless set.
     *
     * @throws IllegalArgumentException if not positive
     */
    public void setTimeout(Duration timeout) {
        if (Objects.requireNonNull(timeout, "timeout").isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("The async-kafka health timeout must be positive, was " + timeout);
        }
        this.timeout = timeout;
    }

    /** The timeout of a check. */
    public Duration getTimeout() {
        return timeout;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        List<String> errors = new ArrayList<>();
        Map<String, Object> containerDetails = new LinkedHashMap<>();
        for (ListenerContainer c : containers.get()) {
            // Read once: the state may change while this check runs.
            ListenerContainer.State state = c.state();
            Throwable failure = c.failure();
            containerDetails.put(c.id(), describe(c, state, failure));
            // A failure recorded while the state still says otherwise (the container is on its way
            // to FAILED, or was restarted without clearing it) is reported too, not hidden as UP.
            if (state == ListenerContainer.State.FAILED || failure != null) {
                errors.add(
                        "Listener container " + c.id() + " failed" + (failure == null ? "" : ": " + message(failure)));
            }
        }
        Duration wait = timeout;
        try {
            ClusterDescription cluster = cluster().get(wait.toNanos(), TimeUnit.NANOSECONDS);
            builder.withDetail("clusterId", cluster.clusterId() == null ? "unknown" : cluster.clusterId());
            builder.withDetail("brokers", cluster.nodes().size());
        } catch (TimeoutException e) {
            errors.add("The Kafka cluster did not answer describeCluster within " + wait.toMillis() + " ms");
        } catch (ExecutionException e) {
            errors.add("The Kafka cluster could not be described: " + message(e.getCause() == null ? e : e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            errors.add("Interrupted while waiting for the Kafka cluster");
        }
        Map<String, String> unreachable = admin.connectionFailures();
        if (!unreachable.isEmpty()) {
            builder.withDetail("connectionFailures", unreachable);
            if (!errors.isEmpty()) {
                errors.add("cannot connect to " + String.join(", ", unreachable.keySet()));
            }
        }
        if (!containerDetails.isEmpty()) {
            builder.withDetail("containers", containerDetails);
        }
        if (errors.isEmpty()) {
            builder.up();
        } else {
            builder.down().withDetail("error", String.join("; ", errors));
        }
    }

    /** The describeCluster under way, or a new one. */
    private CompletableFuture<ClusterDescription> cluster() {
        CompletableFuture<ClusterDescription> current = inFlight.get();
        if (current != null && !current.isDone()) {
            return current;
        }
        CompletableFuture<ClusterDescription> next = admin.describeCluster();
        inFlight.set(next);
        return next;
    }

    private static Map<String, Object> describe(
            ListenerContainer c, ListenerContainer.State state, @Nullable Throwable failure) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("state", state.name());
        String group = c.groupId();
        if (group != null) {
            d.put("group", group);
        }
        AsyncKafkaConsumer<?, ?> consumer = c.consumer();
        if (consumer != null) {
            ConsumerMetrics m = consumer.metrics();
            d.put("groupState", m.groupState().name());
            if (m.groupProtocol() != null) {
                d.put("groupProtocol", m.groupProtocol().configName());
            }
            d.put("assignedPartitions", m.partitions().size());
            Set<String> missing = consumer.missingTopics();
            if (!missing.isEmpty()) {
                d.put("missingTopics", List.copyOf(new TreeSet<>(missing)));
            }
        } else {
            d.put("assignedPartitions", 0);
        }
        d.put("paused", c.isPaused());
        if (failure != null) {
            d.put("failure", message(failure));
        }
        return d;
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null ? t.getClass().getName() : t.getClass().getSimpleName() + ": " + m;
    }
}
