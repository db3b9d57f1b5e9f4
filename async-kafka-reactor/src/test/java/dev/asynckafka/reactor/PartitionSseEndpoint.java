package dev.asynckafka.reactor;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

import dev.asynckafka.common.TopicPartition;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.GroupedFlux;
import reactor.core.publisher.Mono;

/**
 * Example of a WebFlux endpoint on the receiver: {@code GET /partitions/{partition}/events} streams
 * one partition of a topic as Server-Sent Events (event id = offset, data = value), all partitions
 * read by one consumer through {@link KafkaReceiver#receivePartitions()}.
 *
 * <p>Backpressure runs end to end without any code for it: a client that reads slowly fills its TCP
 * window, Reactor Netty stops requesting from the SSE {@code Flux}, so that partition's {@code Flux}
 * requests nothing and the consumer stops fetching that partition once its buffer is full; the other
 * partitions' clients are not slowed. Each partition's {@code Flux} takes one subscriber (one HTTP
 * client at a time), which is what makes the demand of one client the demand of its partition.
 */
final class PartitionSseEndpoint implements AutoCloseable {
    private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENT =
            new ParameterizedTypeReference<>() {};

    private final Map<Integer, CompletableFuture<GroupedFlux<TopicPartition, ReceiverRecord<String, String>>>>
            partitions = new ConcurrentHashMap<>();
    private final Disposable session;

    PartitionSseEndpoint(KafkaReceiver<String, String> receiver) {
        this.session = receiver.receivePartitions()
                .subscribe(flux -> partition(flux.key().partition()).complete(flux));
    }

    RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route(GET("/partitions/{partition}/events"), request -> {
            int partition = Integer.parseInt(request.pathVariable("partition"));
            Flux<ServerSentEvent<String>> events = Mono.fromFuture(partition(partition))
                    .flatMapMany(records -> records)
                    .map(r -> ServerSentEvent.builder(r.value())
                            .id(Long.toString(r.offset()))
                            .build());
            return ServerResponse.ok().contentType(MediaType.TEXT_EVENT_STREAM).body(events, EVENT);
        });
    }

    private CompletableFuture<GroupedFlux<TopicPartition, ReceiverRecord<String, String>>> partition(int partition) {
        return partitions.computeIfAbsent(partition, p -> new CompletableFuture<>());
    }

    /** Ends the receiver's session: the consumer closes. */
    @Override
    public void close() {
        session.dispose();
    }
}
