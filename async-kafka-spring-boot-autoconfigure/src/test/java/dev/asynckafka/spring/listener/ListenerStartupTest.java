package dev.asynckafka.spring.listener;

import static dev.asynckafka.spring.listener.ListenerTestSupport.runner;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.consumer.ConsumerRecord;
import dev.asynckafka.spring.autoconfigure.AsyncKafkaListenerAutoConfiguration;
import dev.asynckafka.spring.core.AsyncKafkaClientFactory;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Declarations that cannot work fail the context at startup, naming the bean and the method; conditions. */
class ListenerStartupTest {
    // Nothing listens here: every context below fails (or has no listener) before a connection is made.
    private static final String NOWHERE = "127.0.0.1:1";

    static class NoTopics {
        @AsyncKafkaListener(groupId = "g")
        void on(String value) {}
    }

    static class TopicsAndPattern {
        @AsyncKafkaListener(topics = "a", topicPattern = "b.*", groupId = "g")
        void on(String value) {}
    }

    static class BadReturnType {
        @AsyncKafkaListener(topics = "a", groupId = "g")
        String on(String value) {
            return value;
        }
    }

    static class TwoValues {
        @AsyncKafkaListener(topics = "a", groupId = "g")
        void on(String value, String other) {}
    }

    static class NoGroup {
        @AsyncKafkaListener(topics = "a")
        void on(String value) {}
    }

    static class IntegerHeader {
        @AsyncKafkaListener(topics = "a", groupId = "g")
        void on(String value, @Header("h") Integer header) {}
    }

    static class ListWithoutBatch {
        @AsyncKafkaListener(topics = "a", groupId = "g")
        void on(List<String> values) {}
    }

    static class BatchWithoutList {
        @AsyncKafkaListener(topics = "a", groupId = "g", batch = true)
        void on(String value) {}
    }

    static class BatchWithOffset {
        @AsyncKafkaListener(topics = "a", groupId = "g", batch = true)
        void on(List<String> values, @Offset long offset) {}
    }

    static class BadConcurrency {
        @AsyncKafkaListener(topics = "a", groupId = "g", concurrency = "${missing.number:zero}")
        void on(String value) {}
    }

    static class UnresolvablePlaceholder {
        @AsyncKafkaListener(topics = "${no.such.topic}", groupId = "g")
        void on(String value) {}
    }

    static class AutoCommitProperty {
        @AsyncKafkaListener(topics = "a", groupId = "g", properties = "enable.auto.commit=true")
        void on(String value) {}
    }

    static class NoDeserializer {
        @AsyncKafkaListener(topics = "a", groupId = "g")
        void on(Thread value) {}
    }

    static class RecordAndKey {
        @AsyncKafkaListener(topics = "a", groupId = "g")
        void on(ConsumerRecord<String, String> record, @Key String key) {}
    }

    static class DuplicateIds {
        @AsyncKafkaListener(id = "same", topics = "a", groupId = "g")
        void one(String value) {}

        @AsyncKafkaListener(id = "same", topics = "b", groupId = "g")
        void two(String value) {}
    }

    private static void assertFails(Class<?> bean, String... messageParts) {
        runner(NOWHERE).withBean("theBean", bean).run(context -> {
            assertThat(context).hasFailed();
            Throwable root = context.getStartupFailure();
            StringBuilder messages = new StringBuilder();
            for (Throwable t = root; t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
            }
            assertThat(messages.toString()).contains(messageParts);
        });
    }

    @Test
    void noTopics() {
        assertFails(NoTopics.class, "'theBean'", "NoTopics.on(String)", "set topics or topicPattern");
    }

    @Test
    void topicsAndPattern() {
        assertFails(TopicsAndPattern.class, "'theBean'", "TopicsAndPattern.on", "not both");
    }

    @Test
    void unsupportedReturnType() {
        assertFails(BadReturnType.class, "'theBean'", "BadReturnType.on", "unsupported return type java.lang.String");
    }

    @Test
    void unsupportedParameter() {
        assertFails(TwoValues.class, "'theBean'", "TwoValues.on", "parameter 1", "unsupported parameter");
    }

    @Test
    void missingGroupId() {
        assertFails(NoGroup.class, "'theBean'", "NoGroup.on", "async-kafka.consumer.group-id");
    }

    @Test
    void groupIdFromTheDefaultProperty() {
        runner(NOWHERE)
                .withPropertyValues("async-kafka.consumer.group-id=fallback")
                .withBean("theBean", NoGroup.class)
                .withBean(ListenerSettings.class, () -> withAutoStartup(false))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ListenerContainer c = context.getBean(AsyncKafkaListenerRegistry.class)
                            .container("theBean.on")
                            .orElseThrow();
                    assertThat(c.state()).isEqualTo(ListenerContainer.State.STOPPED);
                    assertThat(c.groupId()).as("resolved by the client factory").isNull();
                });
    }

    @Test
    void headerOfAnUnsupportedType() {
        assertFails(IntegerHeader.class, "'theBean'", "parameter 1", "@Header parameters must be String or byte[]");
    }

    @Test
    void listWithoutBatch() {
        assertFails(ListWithoutBatch.class, "'theBean'", "batch = true");
    }

    @Test
    void batchWithoutList() {
        assertFails(BatchWithoutList.class, "'theBean'", "List<V> or List<ConsumerRecord<K, V>>");
    }

    @Test
    void batchWithOffset() {
        assertFails(BatchWithOffset.class, "'theBean'", "@Offset is not available to batch listeners");
    }

    @Test
    void badConcurrency() {
        assertFails(BadConcurrency.class, "'theBean'", "concurrency must be a positive integer, was 'zero'");
    }

    @Test
    void unresolvablePlaceholder() {
        assertFails(UnresolvablePlaceholder.class, "'theBean'", "cannot resolve topics", "no.such.topic");
    }

    @Test
    void autoCommitCannotBeEnabled() {
        assertFails(AutoCommitProperty.class, "'theBean'", "enable.auto.commit cannot be set");
    }

    @Test
    void noDeserializerForTheType() {
        assertFails(NoDeserializer.class, "'theBean'", "no value deserializer for java.lang.Thread");
    }

    @Test
    void keyBoundTwice() {
        assertFails(RecordAndKey.class, "'theBean'", "bind the key once");
    }

    @Test
    void duplicateIds() {
        assertFails(DuplicateIds.class, "Two @AsyncKafkaListener methods have the id 'same'");
    }

    @Test
    void virtualThreadsNeedAJvmThatHasThem() {
        ListenerSettings virtual = new ListenerSettings(
                true,
                8,
                100,
                500,
                ListenerSettings.DEFAULTS.commitInterval(),
                ListenerSettings.DEFAULTS.shutdownTimeout(),
                ListenerSettings.DEFAULTS.retry(),
                ListenerSettings.DEFAULTS.deadLetter(),
                ListenerSettings.ExecutorType.VIRTUAL);
        runner(NOWHERE).withBean(ListenerSettings.class, () -> virtual).run(context -> {
            if (Runtime.version().feature() >= 21) {
                assertThat(context).hasNotFailed();
            } else {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure())
                        .rootCause()
                        .hasMessageContaining("async-kafka.listener.executor=virtual needs Java 21");
            }
        });
    }

    static class AsyncOk {
        @AsyncKafkaListener(id = "ok", topics = "a", groupId = "g", autoStartup = "false", concurrency = "3")
        CompletableFuture<Void> on(
                ConsumerRecord<String, byte[]> record,
                @Header("h") byte[] header,
                @Topic String topic,
                @Partition Integer partition,
                ListenerContainer container) {
            return CompletableFuture.completedFuture(null);
        }
    }

    @Test
    void aValidListenerRegistersAStoppedContainerWithoutAutoStartup() {
        runner(NOWHERE).withBean(AsyncOk.class).run(context -> {
            assertThat(context).hasNotFailed();
            DefaultAsyncKafkaListenerRegistry registry = context.getBean(DefaultAsyncKafkaListenerRegistry.class);
            assertThat(registry.containers()).hasSize(1);
            ListenerContainer c = registry.container("ok").orElseThrow();
            assertThat(c.state()).isEqualTo(ListenerContainer.State.STOPPED);
            assertThat(c.groupId()).isEqualTo("g");
            assertThat(((DefaultListenerContainer) c).endpoint().settings().concurrency())
                    .isEqualTo(3);
            assertThat(registry.container("nope")).isEmpty();
        });
    }

    @Test
    void defaultBeansAndBackOff() {
        runner(NOWHERE).run(context -> {
            assertThat(context).hasSingleBean(DefaultAsyncKafkaListenerRegistry.class);
            assertThat(context).hasSingleBean(AsyncKafkaListenerAnnotationBeanPostProcessor.class);
            assertThat(context.getBean(ListenerSettings.class)).isEqualTo(ListenerSettings.DEFAULTS);
            assertThat(context.getBean(ListenerErrorHandler.class)).isInstanceOf(DeadLetterPublisher.class);
        });
        ListenerSettings noDlt = new ListenerSettings(
                true,
                8,
                100,
                500,
                ListenerSettings.DEFAULTS.commitInterval(),
                ListenerSettings.DEFAULTS.shutdownTimeout(),
                ListenerSettings.DEFAULTS.retry(),
                new ListenerSettings.DeadLetter(false, ".DLT"),
                ListenerSettings.ExecutorType.PLATFORM);
        runner(NOWHERE)
                .withBean(ListenerSettings.class, () -> noDlt)
                .run(context -> assertThat(context.getBean(ListenerErrorHandler.class))
                        .isInstanceOf(LoggingErrorHandler.class));
        ListenerErrorHandler mine = failure -> CompletableFuture.completedFuture(null);
        runner(NOWHERE)
                .withBean(ListenerErrorHandler.class, () -> mine)
                .run(context ->
                        assertThat(context.getBean(ListenerErrorHandler.class)).isSameAs(mine));
    }

    /** A Boot application that also says {@code @EnableAsyncKafka}, as spring-kafka users write {@code @EnableKafka}. */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @EnableAsyncKafka
    static class AlsoEnabled {}

    @Test
    void enableAsyncKafkaInABootApplicationAddsNoSecondPostProcessorOrRegistry() {
        runner(NOWHERE).withUserConfiguration(AlsoEnabled.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(DefaultAsyncKafkaListenerRegistry.class);
            assertThat(context).hasSingleBean(AsyncKafkaListenerAnnotationBeanPostProcessor.class);
            assertThat(context.getBean(ListenerErrorHandler.class)).isInstanceOf(DeadLetterPublisher.class);
        });
    }

    @Test
    void backsOffWithoutAClientFactory() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AsyncKafkaListenerAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).doesNotHaveBean(AsyncKafkaClientFactory.class);
                    assertThat(context).doesNotHaveBean(DefaultAsyncKafkaListenerRegistry.class);
                    assertThat(context).doesNotHaveBean(ListenerErrorHandler.class);
                });
    }

    private static ListenerSettings withAutoStartup(boolean autoStartup) {
        ListenerSettings d = ListenerSettings.DEFAULTS;
        return new ListenerSettings(
                autoStartup,
                d.concurrency(),
                d.maxRecordsPerLane(),
                d.batchMaxRecords(),
                d.commitInterval(),
                d.shutdownTimeout(),
                d.retry(),
                d.deadLetter(),
                d.executor());
    }
}
