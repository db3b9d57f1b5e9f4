package dev.asynckafka.spring.listener;

import java.util.Collection;
import java.util.Optional;

/** Every listener container of the application, by id; also starts and stops them. */
public interface AsyncKafkaListenerRegistry {

    /** All containers, in registration order. */
    Collection<ListenerContainer> containers();

    /** The container with the given listener id. */
    Optional<ListenerContainer> container(String id);
}
