package dev.asynckafka.spring.listener;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Every listener container of the application, by id; also starts and stops them. */
public interface AsyncKafkaListenerRegistry {

    /** All containers, in registration order. */
    Collection<ListenerContainer> containers();

    /** The container with the given listener id. */
    Optional<ListenerContainer> container(String id);

    /**
     * Starts the container (also one that is {@code FAILED}); nothing if it runs. While it stops,
     * waits for the stop to complete and then starts it (from its own listener code: starts it in the
     * background once stopped). Not for callbacks of client futures, which may run on an async-kafka
     * event loop.
     *
     * @throws IllegalArgumentException for an unknown id
     */
    void start(String id);

    /**
     * Stops the container gracefully: finishes the records in progress, commits them and leaves the
     * group; blocks until stopped, also if another thread began the stop. Called from the container's
     * own listener code, it stops it in the background and returns at once. Never call it from a
     * callback of a client future that may complete on an async-kafka event loop: the stop needs
     * that loop.
     *
     * @throws IllegalArgumentException for an unknown id
     */
    void stop(String id);

    /**
     * The containers of all the given registries, each once: an application may define several
     * registries, and they may share containers.
     */
    static List<ListenerContainer> containersOf(Stream<? extends AsyncKafkaListenerRegistry> registries) {
        Set<ListenerContainer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<ListenerContainer> all = new ArrayList<>();
        registries.forEach(r -> {
            for (ListenerContainer c : r.containers()) {
                if (seen.add(c)) {
                    all.add(c);
                }
            }
        });
        return all;
    }
}
