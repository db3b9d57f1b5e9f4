package dev.asynckafka.consumer;

import static dev.asynckafka.consumer.ConsumerTestSupport.await;
import static dev.asynckafka.consumer.ConsumerTestSupport.failure;
import static dev.asynckafka.consumer.ConsumerTestSupport.options;
import static dev.asynckafka.consumer.ConsumerTestSupport.producer;
import static dev.asynckafka.consumer.ConsumerTestSupport.readAtLeast;
import static dev.asynckafka.consumer.ConsumerTestSupport.stringConsumer;
import static dev.asynckafka.consumer.ConsumerTestSupport.tp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.errors.UnknownTopicOrPartitionException;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A topic deleted under an assign-mode consumer: it backs off its metadata requests (growing to
 * {@code retry.backoff.max.ms}) instead of asking every {@code retry.backoff.ms}, and the
 * application gets a clear error once the topic has been gone for {@code default.api.timeout.ms}.
 */
@EmbeddedAsyncKafka(
        topics = {"doomed", "alive"},
        partitions = 2)
@Timeout(180)
class DeletedTopicIT {
    private static final Logger log = LoggerFactory.getLogger(DeletedTopicIT.class);

    /** Metadata requests the in-process broker has answered so far (all clients, all versions). */
    private static long metadataRequests() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        long total = 0;
        for (ObjectName name : server.queryNames(
                new ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,request=Metadata,*"), null)) {
            total += ((Number) server.getAttribute(name, "Count")).longValue();
        }
        return total;
    }

    @Test
    void aDeletedTopicIsBackedOffAndReported(@BootstrapServers String bootstrap) throws Exception {
        try (KafkaProducer<String, String> p = producer(bootstrap, Map.of())) {
            for (int i = 0; i < 20; i++) {
                p.send(new ProducerRecord<>("doomed", i % 2, null, "v" + i));
            }
            p.flush();
        }
        TopicPartition p0 = tp("doomed", 0);
        TopicPartition alive = tp("alive", 0);
        ConsumerOptions opts =
                options(bootstrap).defaultApiTimeout(Duration.ofSeconds(8)).build();
        try (AsyncKafkaConsumer<String, String> c = stringConsumer(opts)) {
            c.assign(List.of(p0, tp("doomed", 1)));
            assertThat(readAtLeast(c, 20, b -> {})).hasSize(20);
            // A healthy partition beside the doomed ones, fed all along: none of its records may be
            // lost or handed out twice while the others fail.
            c.assign(List.of(p0, tp("doomed", 1), alive));
            AtomicBoolean feeding = new AtomicBoolean(true);
            AtomicInteger fed = new AtomicInteger();
            Thread feeder = new Thread(() -> {
                try (KafkaProducer<String, String> p = producer(bootstrap, Map.of())) {
                    while (feeding.get()) {
                        p.send(new ProducerRecord<>("alive", 0, null, "a" + fed.getAndIncrement()));
                        Thread.sleep(5);
                    }
                    p.flush();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            feeder.start();
            List<Long> aliveOffsets = new ArrayList<>();
            Properties props = new Properties();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            try (Admin admin = Admin.create(props)) {
                admin.deleteTopics(List.of("doomed")).all().get(60, TimeUnit.SECONDS);
            }
            // A getMany outstanding through the deletion: the consumer keeps fetching in the background.
            CompletableFuture<ConsumerRecords<String, String>> pending =
                    c.getMany(java.util.Set.of(p0, tp("doomed", 1)), Duration.ofSeconds(2), 500);
            assertThat(await(pending).count()).isZero();
            long before = metadataRequests();
            assertThat(before)
                    .as("the broker's Metadata request meter is readable")
                    .isPositive();
            long started = System.nanoTime();
            Throwable error = null;
            long deadline = started + TimeUnit.SECONDS.toNanos(60);
            while (error == null && System.nanoTime() < deadline) {
                CompletableFuture<ConsumerRecords<String, String>> f = c.getMany(Duration.ofSeconds(1));
                try {
                    f.get(30, TimeUnit.SECONDS).forEach(r -> aliveOffsets.add(r.offset()));
                } catch (java.util.concurrent.ExecutionException e) {
                    error = e.getCause();
                }
            }
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
            long requests = metadataRequests() - before;
            log.info("Deleted topic: {} metadata requests in {} s until the error", requests, seconds);
            assertThat(error)
                    .as("getMany reports the deleted topic")
                    .isInstanceOf(UnknownTopicOrPartitionException.class)
                    .hasMessageContaining("doomed")
                    .hasMessageContaining("default.api.timeout.ms");
            // Backing off to retry.backoff.max.ms (1 s) means about one refresh a second; asking every
            // retry.backoff.ms (100 ms), as before, meant ten or more.
            assertThat(requests).as("metadata requests in %d s", seconds).isLessThanOrEqualTo(3 * seconds + 5);
            feeding.set(false);
            feeder.join();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (aliveOffsets.size() < fed.get() && System.nanoTime() < end) {
                await(c.getMany(java.util.Set.of(alive), Duration.ofMillis(500), 500))
                        .forEach(r -> aliveOffsets.add(r.offset()));
            }
            assertThat(aliveOffsets)
                    .as("the healthy partition, in order, once each")
                    .hasSize(fed.get());
            for (int i = 0; i < aliveOffsets.size(); i++) {
                assertThat(aliveOffsets.get(i)).isEqualTo(i);
            }
            // Each partition fails on its own clock, and the error stays until the application seeks.
            for (TopicPartition tp : List.of(p0, tp("doomed", 1))) {
                Throwable e = null;
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (e == null && System.nanoTime() < until) {
                    try {
                        c.getMany(java.util.Set.of(tp), Duration.ofSeconds(1), 10)
                                .get(30, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.ExecutionException x) {
                        e = x.getCause();
                    }
                }
                assertThat(e).as("%s fails", tp).isInstanceOf(UnknownTopicOrPartitionException.class);
                assertThat(failure(c.getMany(java.util.Set.of(tp), Duration.ofSeconds(1), 10)))
                        .as("%s fails again", tp)
                        .isInstanceOf(UnknownTopicOrPartitionException.class);
            }
        }
    }

    @Test
    void aGroupMemberGivesUpTheDeletedTopicsPartitionsWithoutWaitingForItsCommit(@BootstrapServers String bootstrap)
            throws Exception {
        String topic = "gone";
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 2, (short) 1)))
                    .all()
                    .get(60, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> p = producer(bootstrap, Map.of())) {
            for (int i = 0; i < 20; i++) {
                p.send(new ProducerRecord<>(topic, i % 2, null, "v" + i));
            }
            p.flush();
        }
        // Auto-commit on, and a commit timeout far longer than the bound checked below: before, the
        // commit before revocation retried UNKNOWN_TOPIC_OR_PARTITION for all of it.
        ConsumerOptions opts = options(bootstrap)
                .groupId("doomed-group-members")
                .enableAutoCommit(true)
                .defaultApiTimeout(Duration.ofSeconds(60))
                .build();
        try (AsyncKafkaConsumer<String, String> c = stringConsumer(opts)) {
            await(c.subscribe(List.of(topic)));
            assertThat(readAtLeast(c, 20, b -> {})).hasSize(20);
            assertThat(c.assignment()).hasSize(2);
            try (Admin admin = Admin.create(props)) {
                admin.deleteTopics(List.of(topic)).all().get(60, TimeUnit.SECONDS);
            }
            long started = System.nanoTime();
            long deadline = started + TimeUnit.SECONDS.toNanos(90);
            while (!c.assignment().isEmpty() && System.nanoTime() < deadline) {
                c.getMany(Duration.ofMillis(200)).handle((r, e) -> null).get(30, TimeUnit.SECONDS);
            }
            long gaveUpMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            log.info("Deleted topic: the group member gave its partitions up after {} ms", gaveUpMillis);
            assertThat(c.assignment()).as("partitions of the deleted topic").isEmpty();
            assertThat(gaveUpMillis)
                    .as("given up before the 60 s commit timeout could have run out")
                    .isLessThan(45_000);
            long closeStarted = System.nanoTime();
            await(c.closeAsync(Duration.ofSeconds(60)));
            long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closeStarted);
            log.info("Deleted topic: close took {} ms", closeMillis);
            assertThat(closeMillis)
                    .as("close does not retry a commit for the deleted topic")
                    .isLessThan(45_000);
        }
    }
}
