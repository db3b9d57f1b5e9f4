package dev.asynckafka.spring.autoconfigure;

import dev.asynckafka.admin.AdminResult;
import dev.asynckafka.admin.AsyncKafkaAdmin;
import dev.asynckafka.admin.NewTopic;
import dev.asynckafka.admin.TopicDescription;
import dev.asynckafka.errors.TopicExistsException;
import dev.asynckafka.errors.UnknownTopicOrPartitionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Creates the topics of the context's {@link NewTopic} beans once every singleton exists, before
 * the listener containers start (they start with the lifecycle, later), so listeners see every
 * partition from their first assignment. A topic that exists with fewer partitions than its bean
 * asks for gets more; one that cannot be made to match (more partitions, another replication
 * factor) is reported: logged at WARN, or failing the startup with {@code async-kafka.admin.fail-fast}.
 * So is a cluster that does not answer within {@code async-kafka.admin.operation-timeout}.
 *
 * <p>Blocks the startup thread for at most the operation timeout; runs once.
 */
final class NewTopicsInitializer implements SmartInitializingSingleton {
    private static final Logger log = LoggerFactory.getLogger(NewTopicsInitializer.class);

    private final AsyncKafkaAdmin admin;
    private final ObjectProvider<NewTopic> topics;
    private final boolean failFast;
    private final Duration timeout;

    NewTopicsInitializer(AsyncKafkaAdmin admin, ObjectProvider<NewTopic> topics, boolean failFast, Duration timeout) {
        this.admin = admin;
        this.topics = topics;
        this.failFast = failFast;
        this.timeout = timeout;
    }

    @Override
    public void afterSingletonsInstantiated() {
        Map<String, NewTopic> wanted = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        topics.orderedStream().forEach(t -> {
            NewTopic before = wanted.putIfAbsent(t.name(), t);
            if (before != null && !before.equals(t)) {
                problems.add("Topic " + t.name() + " is declared by two NewTopic beans with different settings: "
                        + before + " and " + t);
            }
        });
        if (!wanted.isEmpty()) {
            long deadline = System.nanoTime() + timeout.toNanos();
            List<CompletableFuture<?>> outstanding = new ArrayList<>();
            try {
                reconcile(wanted, problems, deadline, outstanding);
            } catch (TimeoutException e) {
                // Cancelling stops the admin client's retries: nothing is created after this says
                // it was not.
                outstanding.forEach(f -> f.cancel(false));
                problems.add("The Kafka cluster did not finish creating or checking topics " + wanted.keySet()
                        + " within " + timeout.toMillis() + " ms (async-kafka.admin.operation-timeout)");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problems.add("Interrupted while creating topics " + wanted.keySet());
            }
        }
        if (problems.isEmpty()) {
            return;
        }
        if (failFast) {
            throw new IllegalStateException("NewTopic beans could not be applied (async-kafka.admin.fail-fast=true): "
                    + String.join("; ", problems));
        }
        problems.forEach(p -> log.warn("{}", p));
    }

    private void reconcile(
            Map<String, NewTopic> wanted, List<String> problems, long deadline, List<CompletableFuture<?>> outstanding)
            throws TimeoutException, InterruptedException {
        AdminResult<String, TopicDescription> described = admin.describeTopicsEach(wanted.keySet(), List.of());
        outstanding.addAll(described.values().values());
        List<NewTopic> missing = new ArrayList<>();
        Map<String, Integer> grow = new LinkedHashMap<>();
        for (NewTopic t : wanted.values()) {
            TopicDescription d;
            try {
                d = await(described.value(t.name()), deadline);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    missing.add(t);
                } else {
                    problems.add("Topic " + t.name() + " could not be described: " + message(e.getCause()));
                }
                continue;
            }
            int partitions = d.partitions().size();
            if (t.partitions() > partitions) {
                grow.put(t.name(), t.partitions());
            } else if (t.partitions() != -1 && t.partitions() < partitions) {
                problems.add("Topic " + t.name() + " has " + partitions + " partitions, its NewTopic bean asks for "
                        + t.partitions() + ": partitions cannot be removed");
            }
            // The smallest count: a partition being reassigned lists its adding replicas too.
            int replicas = d.partitions().stream()
                    .mapToInt(p -> p.replicas().size())
                    .min()
                    .orElse(-1);
            if (t.replicationFactor() != -1 && replicas != -1 && replicas != t.replicationFactor()) {
                problems.add("Topic " + t.name() + " has replication factor " + replicas
                        + ", its NewTopic bean asks for " + t.replicationFactor()
                        + ": the replication factor is not changed at startup");
            }
        }
        Map<String, CompletableFuture<Void>> changes = new LinkedHashMap<>();
        if (!missing.isEmpty()) {
            changes.putAll(admin.createTopicsEach(missing, false).values());
        }
        if (!grow.isEmpty()) {
            changes.putAll(admin.createPartitions(grow).values());
        }
        outstanding.addAll(changes.values());
        for (Map.Entry<String, CompletableFuture<Void>> change : changes.entrySet()) {
            String name = change.getKey();
            try {
                await(change.getValue(), deadline);
                if (grow.containsKey(name)) {
                    log.info("Topic {} grown to {} partitions, as its NewTopic bean asks", name, grow.get(name));
                } else {
                    log.info("Topic {} created from its NewTopic bean", name);
                }
            } catch (ExecutionException e) {
                // Another instance of the application may have created it meanwhile: that is fine.
                if (!(e.getCause() instanceof TopicExistsException)) {
                    problems.add((grow.containsKey(name)
                                    ? "Partitions of topic " + name + " could not be added: "
                                    : "Topic " + name + " could not be created: ")
                            + message(e.getCause()));
                }
            }
        }
    }

    private static <T> T await(CompletableFuture<T> f, long deadline)
            throws ExecutionException, TimeoutException, InterruptedException {
        return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null ? t.getClass().getName() : t.getClass().getSimpleName() + ": " + m;
    }
}
