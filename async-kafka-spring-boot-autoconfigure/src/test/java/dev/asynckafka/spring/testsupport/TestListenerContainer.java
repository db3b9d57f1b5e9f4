package dev.asynckafka.spring.testsupport;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.ClientResources;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.consumer.AutoOffsetReset;
import dev.asynckafka.consumer.ConsumerOptions;
import dev.asynckafka.consumer.RebalanceListener;
import dev.asynckafka.serialization.Deserializers;
import dev.asynckafka.spring.listener.ListenerContainer;
import dev.asynckafka.spring.listener.ListenerObserver;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A minimal listener container for tests: a real consumer subscribed to a topic, reporting its
 * rebalances to an observer as the real containers do, with its state set by the test.
 */
public final class TestListenerContainer implements ListenerContainer, RebalanceListener {
    private final String id;
    private final @Nullable String groupId;
    private final AsyncKafkaConsumer<String, String> consumer;
    private final ListenerObserver observer;
    private volatile State state = State.STOPPED;
    private volatile @Nullable Throwable failure;
    private volatile boolean paused;
    private volatile boolean consumerOpen = true;

    public TestListenerContainer(
            String id, String bootstrap, String groupId, ClientResources resources, ListenerObserver observer) {
        this.id = id;
        this.groupId = groupId;
        this.observer = observer;
        ConsumerOptions options = ConsumerOptions.builder(ClientOptions.builder()
                        .bootstrapServers(bootstrap)
                        .clientId("client-" + id)
                        .build())
                .groupId(groupId)
                .autoOffsetReset(AutoOffsetReset.EARLIEST)
                .enableAutoCommit(false)
                .sessionTimeout(Duration.ofSeconds(6))
                .heartbeatInterval(Duration.ofMillis(300))
                .rebalanceTimeout(Duration.ofSeconds(10))
                .build();
        this.consumer = AsyncKafkaConsumer.create(options, Deserializers.string(), Deserializers.string(), resources);
    }

    /** Subscribes and moves to RUNNING (the group join continues in the background). */
    public TestListenerContainer start(String topic) {
        state = State.STARTING;
        consumer.subscribe(List.of(topic), this).join();
        state = State.RUNNING;
        return this;
    }

    /** Closes the consumer (which revokes its partitions) and moves to STOPPED. */
    public void stop() throws Exception {
        state = State.STOPPING;
        consumer.closeAsync(Duration.ofSeconds(30)).get(60, TimeUnit.SECONDS);
        consumerOpen = false;
        state = State.STOPPED;
    }

    /** Moves to FAILED with the error, as a container does after an error it cannot recover from. */
    public void fail(Throwable error) {
        failure = error;
        state = State.FAILED;
    }

    /** The real consumer, open or not. */
    public AsyncKafkaConsumer<String, String> realConsumer() {
        return consumer;
    }

    @Override
    public CompletionStage<Void> onPartitionsAssigned(Set<TopicPartition> partitions) {
        observer.partitionsAssigned(this, partitions);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> onPartitionsRevoked(Set<TopicPartition> partitions) {
        observer.partitionsRevoked(this, partitions);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public @Nullable String groupId() {
        return groupId;
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public @Nullable Throwable failure() {
        return failure;
    }

    @Override
    public int pendingRecords(TopicPartition partition) {
        // The test reads the consumer itself; nothing is held between consumer and listener.
        return 0;
    }

    @Override
    public Set<TopicPartition> assignment() {
        return consumer.assignment();
    }

    @Override
    public @Nullable AsyncKafkaConsumer<?, ?> consumer() {
        return consumerOpen ? consumer : null;
    }

    @Override
    public void pause() {
        paused = true;
    }

    @Override
    public void resume() {
        paused = false;
    }

    @Override
    public boolean isPaused() {
        return paused;
    }
}
