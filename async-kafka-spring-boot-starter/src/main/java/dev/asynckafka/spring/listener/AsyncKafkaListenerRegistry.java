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
