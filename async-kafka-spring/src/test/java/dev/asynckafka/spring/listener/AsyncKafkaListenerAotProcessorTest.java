package dev.asynckafka.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.consumer.ConsumerRecord;
import dev.asynckafka.spring.listener.aotpayload.Payloads.Audit;
import dev.asynckafka.spring.listener.aotpayload.Payloads.Customer;
import dev.asynckafka.spring.listener.aotpayload.Payloads.Order;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.javapoet.ClassName;

/** The hints a native image needs to find and call listener methods and bind their JSON payloads. */
class AsyncKafkaListenerAotProcessorTest {

    static class Listeners {
        @AsyncKafkaListener(topics = "orders", groupId = "g")
        void on(Order order, @Header("h") String header) {}

        @AsyncKafkaListener(topics = "audit", groupId = "g")
        CompletionStage<Void> audit(ConsumerRecord<String, Audit> record) {
            return null;
        }

        @AsyncKafkaListener(topics = "batch", groupId = "g")
        void batch(List<Order> orders) {}

        void notAListener(Customer c) {}
    }

    static class NoListeners {
        void on(Order order) {}
    }

    private static RuntimeHints process(Class<?> beanClass) {
        DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
        beanFactory.registerBeanDefinition("bean", new RootBeanDefinition(beanClass));
        BeanRegistrationAotContribution contribution =
                new AsyncKafkaListenerAotProcessor().processAheadOfTime(RegisteredBean.of(beanFactory, "bean"));
        DefaultGenerationContext context = new DefaultGenerationContext(
                new ClassNameGenerator(ClassName.get("com.example", "Test")), new InMemoryGeneratedFiles());
        if (contribution != null) {
            // The contribution only adds hints; it writes no registration code.
            contribution.applyTo(context, null);
        }
        return context.getRuntimeHints();
    }

    @Test
    void listenerMethodsAreInvocableAndTheirPayloadsBindable() {
        RuntimeHints hints = process(Listeners.class);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Listeners.class, "on"))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Listeners.class, "audit"))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Listeners.class, "batch"))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Listeners.class, "notAListener"))
                .rejects(hints);
        // JSON binding: the payloads, their components, and payloads inside ConsumerRecord and List.
        for (Class<?> payload : List.of(Order.class, Customer.class, Audit.class)) {
            assertThat(RuntimeHintsPredicates.reflection().onType(payload))
                    .as(payload.getSimpleName())
                    .accepts(hints);
        }
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Order.class, "amount"))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(ConsumerRecord.class))
                .as("the client's own types need no binding hints")
                .rejects(hints);
    }

    @Test
    void beansWithoutListenersContributeNothing() {
        DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
        beanFactory.registerBeanDefinition("bean", new RootBeanDefinition(NoListeners.class));
        assertThat(new AsyncKafkaListenerAotProcessor().processAheadOfTime(RegisteredBean.of(beanFactory, "bean")))
                .isNull();
    }
}
