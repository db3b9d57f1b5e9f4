package dev.asynckafka.spring.listener;

import dev.asynckafka.spring.core.AsyncKafkaClientFactory;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * What {@link EnableAsyncKafka} registers. Beans are registered by name, so that a second
 * {@code @EnableAsyncKafka}, or Boot's auto-configuration (whose beans have these names and back
 * off for them), does not create a second post-processor or registry. The beans' collaborators are
 * looked up when they are created, so user beans defined in any configuration class win.
 */
final class AsyncKafkaListenerConfigurationRegistrar
        implements ImportBeanDefinitionRegistrar, BeanFactoryAware, EnvironmentAware {
    static final String POST_PROCESSOR = "asyncKafkaListenerAnnotationBeanPostProcessor";
    static final String REGISTRY = "asyncKafkaListenerRegistry";
    static final String DEFAULT_ERROR_HANDLER = "asyncKafkaDefaultListenerErrorHandler";
    private static final String VIRTUAL_THREADS = "spring.threads.virtual.enabled";

    private @Nullable BeanFactory beanFactory;
    private @Nullable Environment environment;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
        this.beanFactory = beanFactory;
    }

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        BeanFactory bf = Objects.requireNonNull(beanFactory, "beanFactory");
        if (!registry.containsBeanDefinition(POST_PROCESSOR)) {
            RootBeanDefinition bpp = new RootBeanDefinition(AsyncKafkaListenerAnnotationBeanPostProcessor.class);
            bpp.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
            registry.registerBeanDefinition(POST_PROCESSOR, bpp);
        }
        if (!registry.containsBeanDefinition(DEFAULT_ERROR_HANDLER)) {
            RootBeanDefinition handler = new RootBeanDefinition(
                    ListenerErrorHandler.class,
                    () -> ListenerErrorHandlers.defaultHandler(
                            settings(bf).deadLetter(), bf.getBean(AsyncKafkaClientFactory.class), observers(bf)));
            // Only the fallback of the registry below: not injected into users' beans, and a user's handler
            // wins the registry's lookup (the provider prefers autowire candidates).
            handler.setAutowireCandidate(false);
            handler.setLazyInit(true);
            registry.registerBeanDefinition(DEFAULT_ERROR_HANDLER, handler);
        }
        if (!registry.containsBeanDefinition(REGISTRY)) {
            RootBeanDefinition listeners =
                    new RootBeanDefinition(DefaultAsyncKafkaListenerRegistry.class, () -> registry(bf));
            registry.registerBeanDefinition(REGISTRY, listeners);
        }
    }

    private DefaultAsyncKafkaListenerRegistry registry(BeanFactory bf) {
        ListenerSettings settings = settings(bf);
        ListenerErrorHandler errorHandler = bf.getBeanProvider(ListenerErrorHandler.class)
                .getIfAvailable(() -> bf.getBean(DEFAULT_ERROR_HANDLER, ListenerErrorHandler.class));
        Environment env = environment;
        boolean springVirtual = env != null && env.getProperty(VIRTUAL_THREADS, Boolean.class, false);
        DefaultAsyncKafkaListenerRegistry listeners = new DefaultAsyncKafkaListenerRegistry(
                bf.getBean(AsyncKafkaClientFactory.class),
                errorHandler,
                observers(bf),
                DefaultAsyncKafkaListenerRegistry.useVirtualThreads(settings.executor(), springVirtual));
        // Transactional containers when the context has the settings (Boot's auto-configuration
        // defines them from async-kafka.producer.transaction-id-prefix; plain Spring declares a bean).
        listeners.setTransactionSettings(
                bf.getBeanProvider(ListenerTransactionSettings.class).getIfAvailable());
        return listeners;
    }

    private static ListenerSettings settings(BeanFactory bf) {
        return bf.getBeanProvider(ListenerSettings.class).getIfAvailable(() -> ListenerSettings.DEFAULTS);
    }

    private static Supplier<List<ListenerObserver>> observers(BeanFactory bf) {
        return () -> List.copyOf(
                bf.getBeanProvider(ListenerObserver.class).orderedStream().toList());
    }
}
