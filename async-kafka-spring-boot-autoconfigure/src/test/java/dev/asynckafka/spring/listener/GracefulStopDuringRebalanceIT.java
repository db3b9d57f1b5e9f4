package dev.asynckafka.spring.listener;

import static dev.asynckafka.spring.listener.ListenerTestSupport.FAST;
import static dev.asynckafka.spring.listener.ListenerTestSupport.await;
import static dev.asynckafka.spring.listener.ListenerTestSupport.createTopic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.spring.autoconfigure.AsyncKafkaListenerAutoConfiguration;
import dev.asynckafka.test.BootstrapServers;
import dev.asynckafka.test.EmbeddedAsyncKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * A container stopped gracefully while a cooperative rebalance is under way leaves nothing
 * processed-but-uncommitted behind: no record is processed twice. Each round parks the rebalance
 * behind a member that stopped polling, and stops a container at a random moment inside it.
 * {@code -Dasynckafka.rounds=20} runs the 20 rounds; the suite runs 3.
 */
@EmbeddedAsyncKafka(brokerProperties = {"group.initial.rebalance.delay.ms=0", "group.min.session.timeout.ms=1000"})
@Timeout(600)
class GracefulStopDuringRebalanceIT {
    private static final Logger log = LoggerFactory.getLogger(GracefulStopDuringRebalanceIT.class);
    private static final String TOPIC = "stopping";
    private static final String GROUP = "stopping-group";
    private static final int PARTITIONS = 4;

    static final class Counts {
        final Map<String, AtomicInteger> byValue = new ConcurrentHashMap<>();
    }

    static final class StopListener {
        final Counts counts;

        StopListener(Counts counts) {
            this.counts = counts;
        }

        @AsyncKafkaListener(
                id = "stopper",
                topics = TOPIC,
                groupId = GROUP,
                properties = "partition.assignment.strategy=cooperative-sticky")
        void on(String value) throws InterruptedException {
            Thread.sleep(1); // keep records in flight through the rebalance
            counts.byValue.computeIfAbsent(value, v -> new AtomicInteger()).incrementAndGet();
        }
    }

    private static ConfigurableApplicationContext start(String bootstrap, Counts counts) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        TestPropertyValues.of("test.bootstrap=" + bootstrap).applyTo(context);
        context.registerBean(ListenerSettings.class, () -> FAST);
        context.registerBean(Counts.class, () -> counts);
        context.register(
                ListenerTestSupport.TestKafkaConfig.class,
                StopListener.class,
                AsyncKafkaListenerAutoConfiguration.class);
        context.refresh();
        return context;
    }

    private static ListenerContainer container(ConfigurableApplicationContext context) {
        return context.getBean(AsyncKafkaListenerRegistry.class)
                .container("stopper")
                .orElseThrow();
    }

    /** A kafka-clients member that joins and then stops polling, so the next rebalance waits for it. */
    private static KafkaConsumer<String, String> sleeper(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 30000);
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
        p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 6000);
        // It reads nothing: it only holds the rebalance open.
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        KafkaConsumer<String, String> c = new KafkaConsumer<>(p);
        c.subscribe(List.of("sleeper-" + TOPIC));
        return c;
    }

    @Test
    void aGracefulStopDuringACooperativeRebalanceRedoesNothing(@BootstrapServers String bootstrap) throws Exception {
        int rounds = Integer.getInteger("asynckafka.rounds", 3);
        createTopic(bootstrap, TOPIC, PARTITIONS);
        createTopic(bootstrap, "sleeper-" + TOPIC, 1);
        Counts counts = new Counts();
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicInteger produced = new AtomicInteger();
        Thread producer = new Thread(() -> {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            try (KafkaProducer<byte[], byte[]> kp = new KafkaProducer<>(p)) {
                int i = 0;
                while (producing.get()) {
                    for (int part = 0; part < PARTITIONS; part++) {
                        kp.send(new ProducerRecord<>(
                                TOPIC, part, null, (part + "-" + i).getBytes(StandardCharsets.UTF_8)));
                        produced.incrementAndGet();
                    }
                    i++;
                    if (i % 10 == 0) { // about 2,000 records a second
                        kp.flush();
                        Thread.sleep(20);
                    }
                }
                kp.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        List<ConfigurableApplicationContext> running = new ArrayList<>();
        List<Long> stopMillis = new ArrayList<>();
        try {
            running.add(start(bootstrap, counts));
            running.add(start(bootstrap, counts));
            await(
                    "two members share the partitions",
                    () -> running.stream()
                            .allMatch(c -> !container(c).assignment().isEmpty()));
            for (int round = 0; round < rounds; round++) {
                try (KafkaConsumer<String, String> sleeper = sleeper(bootstrap)) {
                    // The sleeper's join is itself a rebalance; let it complete, then it stops polling.
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (System.nanoTime() < until
                            && running.stream()
                                                    .mapToInt(c -> container(c)
                                                            .assignment()
                                                            .size())
                                                    .sum()
                                            + sleeper.assignment().size()
                                    != PARTITIONS + 1) {
                        sleeper.poll(Duration.ofMillis(100));
                    }
                    sleeper.poll(Duration.ofMillis(100));
                    // A new member: the group rebalances and waits for the sleeper (up to 6 s).
                    ConfigurableApplicationContext joining = start(bootstrap, counts);
                    Thread.sleep(ThreadLocalRandom.current().nextLong(200, 3000));
                    ConfigurableApplicationContext stopping = running.remove(0);
                    long started = System.nanoTime();
                    stopping.close();
                    stopMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                    running.add(joining);
                    await(
                            "the members left share the partitions",
                            () -> running.stream()
                                            .mapToInt(c ->
                                                    container(c).assignment().size())
                                            .sum()
                                    == PARTITIONS);
                }
            }
            producing.set(false);
            producer.join();
            await("every record processed", () -> counts.byValue.size() == produced.get());
        } finally {
            producing.set(false);
            producer.join();
            for (ConfigurableApplicationContext c : running) {
                c.close();
            }
        }
        long twice = counts.byValue.values().stream().filter(n -> n.get() > 1).count();
        log.info(
                "{} rounds: {} records, {} processed more than once; graceful stops took {} ms",
                rounds,
                produced.get(),
                twice,
                stopMillis);
        assertThat(counts.byValue).hasSize(produced.get());
        assertThat(twice).as("records processed twice").isZero();
    }
}
