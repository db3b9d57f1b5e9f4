package dev.asynckafka.internal.cluster;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.common.Node;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.errors.ErrorCode;
import dev.asynckafka.errors.KafkaException;
import dev.asynckafka.internal.network.Backoff;
import dev.asynckafka.internal.network.ConnectionPool;
import dev.asynckafka.internal.network.HostAndPort;
import dev.asynckafka.internal.network.TrafficClass;
import dev.asynckafka.internal.protocol.ApiMessage;
import dev.asynckafka.internal.protocol.message.MetadataRequest;
import dev.asynckafka.internal.protocol.message.MetadataResponse;
import dev.asynckafka.internal.util.Loops;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a client's view of the cluster: immutable {@link ClusterSnapshot}s replaced whole on each
 * refresh. Refreshes happen every {@code metadata.max.age.ms} and on demand (a new topic, a leader
 * error); concurrent demands while a refresh is under way share it. Metadata requests go to a live
 * broker, trying the others and finally the bootstrap addresses when one fails; partition data
 * with an older leader epoch than already known is ignored as stale.
 *
 * <p>Threading: state lives on the client's event loop; {@link #snapshot()} may be read from any
 * thread; other methods hop onto the loop. Futures complete on the loop.
 */
public final class MetadataManager {
    private static final Logger log = LoggerFactory.getLogger(MetadataManager.class);

    private final EventLoop loop;
    private final ClientOptions options;
    private final ConnectionPool pool;
    private final List<Node> bootstrapNodes;
    private static final long REFRESH_WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);
    private final boolean allowAutoTopicCreation;
    private final Backoff retryBackoff;
    private final Set<String> topics = new LinkedHashSet<>();

    private volatile ClusterSnapshot snapshot = ClusterSnapshot.EMPTY;
    private @Nullable CompletableFuture<ClusterSnapshot> inFlight;
    private @Nullable CompletableFuture<ClusterSnapshot> queued;
    private int topicsVersion;
    private int inFlightTopicsVersion;
    private int consecutiveFailures;
    private long lastRefreshWarnNanos;
    private @Nullable ScheduledFuture<?> timer;
    private boolean closed;

    public MetadataManager(EventLoop loop, ClientOptions options, ConnectionPool pool, boolean allowAutoTopicCreation) {
        this.loop = loop;
        this.options = options;
        this.pool = pool;
        this.allowAutoTopicCreation = allowAutoTopicCreation;
        this.retryBackoff = new Backoff(options.retryBackoff(), options.retryBackoffMax());
        List<Node> nodes = new ArrayList<>();
        int id = -1;
        for (String address : options.bootstrapServers()) {
            HostAndPort hp = HostAndPort.parse(address, "bootstrap.servers");
            nodes.add(new Node(id--, hp.host(), hp.port(), null));
        }
        this.bootstrapNodes = List.copyOf(nodes);
    }

    /** The latest snapshot; any thread. */
    public ClusterSnapshot snapshot() {
        return snapshot;
    }

    /**
     * Fetches the first snapshot, trying every bootstrap address, and starts periodic refreshes.
     *
     * @return the first snapshot; fails if no bootstrap server answered (refreshes keep being
     *     retried in the background with {@code retry.backoff.ms})
     */
    public CompletableFuture<ClusterSnapshot> start() {
        CompletableFuture<ClusterSnapshot> first = refresh();
        Loops.execute(loop, () -> scheduleNext(options.metadataMaxAge().toNanos()));
        return first;
    }

    /** Adds topics to those kept in the snapshot and refreshes if any was new. */
    public CompletableFuture<ClusterSnapshot> addTopics(Collection<String> names) {
        return onLoop(() -> {
            if (topics.addAll(names)) {
                topicsVersion++;
                return refreshOnLoop();
            }
            return CompletableFuture.completedFuture(snapshot);
        });
    }

    /** Stops keeping these topics in the snapshot (from the next refresh on). */
    public void removeTopics(Collection<String> names) {
        Loops.execute(loop, () -> {
            if (topics.removeAll(names)) {
                topicsVersion++;
            }
        });
    }

    /**
     * Refreshes now, or joins the refresh under way if it covers the current topics.
     *
     * @return the new snapshot, completed on the event loop
     */
    public CompletableFuture<ClusterSnapshot> refresh() {
        return onLoop(this::refreshOnLoop);
    }

    /** Sends a request to some live broker, trying others on network failures. */
    public <R extends ApiMessage> CompletableFuture<R> sendToAnyBroker(ApiMessage request) {
        return onLoop(() -> {
            CompletableFuture<R> result = new CompletableFuture<>();
            trySend(candidates(), 0, request, result, null);
            return result;
        });
    }

    /** Whether the partition's leader in the snapshot is older than the given epoch (stale view). */
    public boolean isStale(TopicPartition tp, int leaderEpoch) {
        PartitionMetadata p = snapshot.partition(tp);
        return p == null || (leaderEpoch >= 0 && p.leaderEpoch() >= 0 && p.leaderEpoch() < leaderEpoch);
    }

    /** Stops periodic refreshes; pending refreshes fail. */
    public void close() {
        Loops.execute(loop, () -> {
            closed = true;
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
            KafkaException cause = new KafkaException("The client is closed");
            if (inFlight != null) {
                inFlight.completeExceptionally(cause);
            }
            if (queued != null) {
                queued.completeExceptionally(cause);
            }
        });
    }

    private CompletableFuture<ClusterSnapshot> refreshOnLoop() {
        if (closed) {
            return CompletableFuture.failedFuture(new KafkaException("The client is closed"));
        }
        CompletableFuture<ClusterSnapshot> current = inFlight;
        if (current == null) {
            return startRefresh();
        }
        if (inFlightTopicsVersion == topicsVersion) {
            return current;
        }
        if (queued == null) {
            queued = new CompletableFuture<>();
        }
        return queued;
    }

    private CompletableFuture<ClusterSnapshot> startRefresh() {
        CompletableFuture<ClusterSnapshot> result = new CompletableFuture<>();
        inFlight = result;
        inFlightTopicsVersion = topicsVersion;
        Set<String> requested = Set.copyOf(topics);
        MetadataRequest request = new MetadataRequest().setAllowAutoTopicCreation(allowAutoTopicCreation);
        List<MetadataRequest.MetadataRequestTopic> list = new ArrayList<>(requested.size());
        for (String name : requested) {
            list.add(new MetadataRequest.MetadataRequestTopic().setName(name));
        }
        request.setTopics(list);
        CompletableFuture<MetadataResponse> response = new CompletableFuture<>();
        trySend(candidates(), 0, request, response, null);
        response.whenComplete((r, error) -> {
            inFlight = null;
            if (error == null) {
                try {
                    ClusterSnapshot next =
                            merge(snapshot, r, requested, loop.ticker().nanoTime());
                    snapshot = next;
                    consecutiveFailures = 0;
                    result.complete(next);
                } catch (KafkaException e) {
                    consecutiveFailures++;
                    result.completeExceptionally(e);
                }
            } else {
                consecutiveFailures++;
                result.completeExceptionally(error);
            }
            CompletableFuture<ClusterSnapshot> next = queued;
            if (next != null && !closed) {
                queued = null;
                startRefresh().whenComplete((s, e) -> {
                    if (e == null) {
                        next.complete(s);
                    } else {
                        next.completeExceptionally(e);
                    }
                });
            }
        });
        return result;
    }

    /** Live brokers first (those with an open connection, then the rest shuffled), then bootstrap. */
    private List<Node> candidates() {
        List<Node> ready = new ArrayList<>();
        List<Node> others = new ArrayList<>();
        for (Node n : snapshot.brokers().values()) {
            if (pool.readyConnection(n.id(), TrafficClass.CONTROL) != null) {
                ready.add(n);
            } else if (!pool.isBackingOff(n.id(), TrafficClass.CONTROL)) {
                others.add(n);
            }
        }
        Collections.shuffle(others, ThreadLocalRandom.current());
        List<Node> all = new ArrayList<>(ready);
        all.addAll(others);
        List<Node> boots = new ArrayList<>(bootstrapNodes);
        Collections.shuffle(boots, ThreadLocalRandom.current());
        all.addAll(boots);
        return all;
    }

    private <R extends ApiMessage> void trySend(
            List<Node> nodes, int index, ApiMessage request, CompletableFuture<R> result, @Nullable Throwable last) {
        if (closed) {
            result.completeExceptionally(new KafkaException("The client is closed"));
            return;
        }
        if (index >= nodes.size()) {
            String reason = last == null ? "no broker known" : last.getMessage();
            result.completeExceptionally(new dev.asynckafka.errors.NetworkException(
                    "No broker answered " + request.apiKey().displayName() + " (tried " + nodes.size()
                            + ", bootstrap.servers=" + options.bootstrapServers() + "): " + reason,
                    last));
            return;
        }
        Node node = nodes.get(index);
        pool.<R>send(node, TrafficClass.CONTROL, request).whenComplete((response, error) -> {
            if (error == null) {
                result.complete(response);
            } else if (error instanceof KafkaException ke && ke.isRetriable()) {
                trySend(nodes, index + 1, request, result, error);
            } else {
                result.completeExceptionally(error);
            }
        });
    }

    private void scheduleNext(long delayNanos) {
        if (closed) {
            return;
        }
        timer = loop.schedule(this::onTimer, Math.max(1, delayNanos), TimeUnit.NANOSECONDS);
    }

    private void onTimer() {
        long age = loop.ticker().nanoTime() - snapshot.updatedAtNanos();
        long maxAge = options.metadataMaxAge().toNanos();
        if (snapshot != ClusterSnapshot.EMPTY && age < maxAge && consecutiveFailures == 0) {
            scheduleNext(maxAge - age);
            return;
        }
        refreshOnLoop().whenComplete((s, e) -> {
            if (e != null) {
                // The first failure in a row at WARN, then at most every 30 s: retries come every
                // retry.backoff.max.ms, and connection failures are reported by the pool already.
                long now = loop.ticker().nanoTime();
                if (consecutiveFailures <= 1 || now - lastRefreshWarnNanos >= REFRESH_WARN_INTERVAL_NANOS) {
                    lastRefreshWarnNanos = now;
                    log.warn("Metadata refresh failed ({} in a row): {}", consecutiveFailures, e.getMessage());
                } else {
                    log.debug("Metadata refresh failed ({} in a row): {}", consecutiveFailures, e.getMessage());
                }
                scheduleNext(retryBackoff.delayNanos(consecutiveFailures));
            } else {
                scheduleNext(maxAge);
            }
        });
    }

    private <T> CompletableFuture<T> onLoop(java.util.function.Supplier<CompletableFuture<T>> action) {
        return Loops.call(loop, action);
    }

    /** Builds the next snapshot; partition entries with an older leader epoch keep the old entry. */
    static ClusterSnapshot merge(
            ClusterSnapshot previous, MetadataResponse response, Set<String> requested, long nowNanos) {
        ErrorCode top = ErrorCode.forCode(response.errorCode());
        if (top != ErrorCode.NONE) {
            throw top.exception("Metadata response");
        }
        Map<Integer, Node> brokers = new HashMap<>();
        for (MetadataResponse.MetadataResponseBroker b : response.brokers()) {
            brokers.put(b.nodeId(), new Node(b.nodeId(), b.host(), b.port(), b.rack()));
        }
        Map<String, TopicMetadata> topics = new HashMap<>();
        for (MetadataResponse.MetadataResponseTopic t : response.topics()) {
            String name = t.name();
            if (name == null) {
                continue;
            }
            TopicMetadata before = previous.topic(name);
            List<PartitionMetadata> partitions = new ArrayList<>(t.partitions().size());
            for (MetadataResponse.MetadataResponsePartition p : t.partitions()) {
                PartitionMetadata fresh = new PartitionMetadata(
                        new TopicPartition(name, p.partitionIndex()),
                        ErrorCode.forCode(p.errorCode()),
                        p.leaderId(),
                        p.leaderEpoch(),
                        List.copyOf(p.replicaNodes()),
                        List.copyOf(p.isrNodes()),
                        List.copyOf(p.offlineReplicas()));
                PartitionMetadata old = before == null || !before.topicId().equals(t.topicId())
                        ? null
                        : previous.partition(fresh.partition());
                boolean stale = old != null
                        && old.leaderEpoch() >= 0
                        && fresh.leaderEpoch() >= 0
                        && fresh.leaderEpoch() < old.leaderEpoch();
                partitions.add(stale ? old : fresh);
            }
            partitions.sort(java.util.Comparator.comparingInt(p -> p.partition().partition()));
            topics.put(
                    name,
                    new TopicMetadata(
                            name,
                            t.topicId(),
                            t.isInternal(),
                            ErrorCode.forCode(t.errorCode()),
                            List.copyOf(partitions)));
        }
        // A response for a subset of topics (requested) must not drop others the caller still wants.
        for (Map.Entry<String, TopicMetadata> e : previous.topics().entrySet()) {
            if (!requested.contains(e.getKey()) && !topics.containsKey(e.getKey())) {
                topics.put(e.getKey(), e.getValue());
            }
        }
        return new ClusterSnapshot(response.clusterId(), response.controllerId(), brokers, topics, nowNanos);
    }
}
