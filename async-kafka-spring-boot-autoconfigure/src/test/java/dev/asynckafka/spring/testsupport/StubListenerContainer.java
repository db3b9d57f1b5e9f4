package dev.asynckafka.spring.testsupport;

import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.AsyncKafkaConsumer;
import dev.asynckafka.spring.listener.AsyncKafkaListenerRegistry;
import dev.asynckafka.spring.listener.ListenerContainer;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A listener container whose state, failure, consumer and assignment the test sets. */
public final class StubListenerContainer implements ListenerContainer {
    private final String id;
    private volatile State state = State.RUNNING;
    private volatile @Nullable Throwable failure;
    private volatile @Nullable AsyncKafkaConsumer<?, ?> consumer;
    private volatile Set<TopicPartition> assignment = Set.of();

    public StubListenerContainer(String id) {
        this.id = id;
    }

    public StubListenerContainer state(State state) {
        this.state = state;
        return this;
    }

    public StubListenerContainer failure(@Nullable Throwable failure) {
        this.failure = failure;
        return this;
    }

    public StubListenerContainer consumer(@Nullable AsyncKafkaConsumer<?, ?> consumer, Set<TopicPartition> assignment) {
        this.consumer = consumer;
        this.assignment = Set.copyOf(assignment);
        return this;
    }

    /** A registry holding exactly these containers. */
    public static AsyncKafkaListenerRegistry registry(ListenerContainer... containers) {
        List<ListenerContainer> all = List.of(containers);
        return new AsyncKafkaListenerRegistry() {
            @Override
            public Collection<ListenerContainer> containers() {
                return all;
            }

            @Override
            public Optional<ListenerContainer> container(String id) {
                return all.stream().filter(c -> c.id().equals(id)).findFirst();
            }

            @Override
            public void start(String id) {
                throw new UnsupportedOperationException("a stub registry starts nothing");
            }

            @Override
            public void stop(String id) {
                throw new UnsupportedOperationException("a stub registry stops nothing");
            }
        };
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String groupId() {
        return "stub-group";
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
    public Set<TopicPartition> assignment() {
        return assignment;
    }

    @Override
    public int pendingRecords(TopicPartition partition) {
        return 0;
    }

    @Override
    public @Nullable AsyncKafkaConsumer<?, ?> consumer() {
        return consumer;
    }

    @Override
    public void pause() {}

    @Override
    public void resume() {}

    @Override
    public boolean isPaused() {
        return false;
    }
}
