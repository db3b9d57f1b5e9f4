package dev.asynckafka.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asynckafka.ClientResources;
import dev.asynckafka.admin.AsyncKafkaAdmin;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.ConsumerRecord;
import dev.asynckafka.consumer.GroupMetadata;
import dev.asynckafka.producer.ProducerRecord;
import dev.asynckafka.record.TimestampType;
import dev.asynckafka.serialization.Serializer;
import dev.asynckafka.spring.core.AsyncKafkaOptionsProvider;
import dev.asynckafka.spring.core.DefaultAsyncKafkaClientFactory;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link TransactionalLanes} against the in-process broker: a lane's transaction never commits its
 * offsets once the lane is gone or while the member is not in the group, and {@link
 * TransactionalLanes#close()} waits for producers released with a lane still busy.
 */
@EmbeddedAsyncKafka(topics = {"tla-in", "tla-out"})
class TransactionalLanesIT {
    private static final String GROUP = "tla-group";
    private static final TopicPartition IN = new TopicPartition("tla-in", 0);
    private static final Serializer<Object> BYTES = (topic, v) -> (byte[]) v;

    private ClientResources resources;
    private DefaultAsyncKafkaClientFactory factory;

    @BeforeEach
    void setUp(@BootstrapServers String bootstrap) {
        resources = ClientResources.create(1);
        factory = new DefaultAsyncKafkaClientFactory(
                AsyncKafkaOptionsProvider.fromConfig(Map.of("bootstrap.servers", bootstrap, "client.id", "tla")),
                resources);
    }

    @AfterEach
    void tearDown() {
        resources.shutdown(Duration.ofSeconds(10)).join();
    }

    private TransactionalLanes lanes(CompletableFuture<GroupMetadata> metadata) {
        return new TransactionalLanes(
                "tla",
                new ListenerTransactionSettings("tla-", BYTES, BYTES),
                factory,
                GROUP,
                () -> metadata,
                Duration.ofSeconds(10));
    }

    private static List<ConsumerRecord<byte[], byte[]>> record(long offset) {
        return List.of(new ConsumerRecord<>(
                IN.topic(), IN.partition(), offset, 0L, TimestampType.CREATE_TIME, -1, -1, List.of(), null, null, -1));
    }

    @Test
    void aLaneDroppedWhileTheGroupMetadataIsReadDoesNotCommit() throws Exception {
        CompletableFuture<GroupMetadata> metadata = new CompletableFuture<>();
        TransactionalLanes lanes = lanes(metadata);
        try {
            TransactionalLanes.Txn tx = lanes.begin(IN).get(30, TimeUnit.SECONDS);
            tx.send(new ProducerRecord<>("tla-out", "out".getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
            AtomicBoolean owned = new AtomicBoolean(true);
            CompletableFuture<Void> commit = tx.commit(record(41), owned::get);
            // The lane is dropped (revoke timeout) and the member rejoins with a new generation
            // before the metadata arrives: the new generation must not carry the old lane's offsets.
            owned.set(false);
            metadata.complete(new GroupMetadata(GROUP, 7, "member-after-rejoin", null));
            assertThatThrownBy(() -> commit.get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(TransactionalLanes.LaneGoneException.class);
            tx.abort().get(30, TimeUnit.SECONDS);
            assertThat(committedOffsets()).isEmpty();
        } finally {
            lanes.close().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMemberOutsideTheGroupDoesNotCommit() throws Exception {
        TransactionalLanes lanes = lanes(CompletableFuture.completedFuture(new GroupMetadata(GROUP, -1, "", null)));
        try {
            TransactionalLanes.Txn tx = lanes.begin(IN).get(30, TimeUnit.SECONDS);
            CompletableFuture<Void> commit = tx.commit(record(5), () -> true);
            assertThatThrownBy(() -> commit.get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(TransactionalLanes.OffsetsNotAddedException.class)
                    .hasMessageContaining("generation -1");
            tx.abort().get(30, TimeUnit.SECONDS);
            assertThat(committedOffsets()).isEmpty();
        } finally {
            lanes.close().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void closeWaitsForAProducerReleasedWhileItsLaneIsBusy() throws Exception {
        TransactionalLanes lanes = lanes(CompletableFuture.completedFuture(new GroupMetadata(GROUP, -1, "", null)));
        TransactionalLanes.Txn tx = lanes.begin(IN).get(30, TimeUnit.SECONDS);
        CompletableFuture<Void> laneBusy = new CompletableFuture<>();
        lanes.release(IN, laneBusy);
        CompletableFuture<Void> closed = lanes.close();
        assertThat(closed).as("closed before the released lane's work is over").isNotDone();
        tx.abort().get(30, TimeUnit.SECONDS);
        laneBusy.complete(null);
        closed.get(30, TimeUnit.SECONDS);
        assertThatThrownBy(() -> tx.producer().beginTransaction().get(30, TimeUnit.SECONDS))
                .as("the released producer is closed")
                .isInstanceOf(Exception.class);
    }

    private Map<TopicPartition, ?> committedOffsets() throws Exception {
        try (AsyncKafkaAdmin admin = factory.createAdmin("tla-admin", Map.of())) {
            return admin.listConsumerGroupOffsets(List.of(GROUP)).value(GROUP).get(30, TimeUnit.SECONDS);
        }
    }
}
