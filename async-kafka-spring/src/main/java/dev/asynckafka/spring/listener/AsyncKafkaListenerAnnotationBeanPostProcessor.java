package dev.asynckafka.spring.listener;

import dev.asynckafka.spring.core.AsyncKafkaSerdes;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.Environment;

/**
 * Finds {@link AsyncKafkaListener} methods on beans, validates them (failing bean creation with a
 * message naming the bean and method) and, once all singletons exist, registers a container for
 * each with the {@link DefaultAsyncKafkaListenerRegistry}.
 */
public class AsyncKafkaListenerAnnotationBeanPostProcessor
        implements BeanPostProcessor, BeanFactoryAware, EnvironmentAware, SmartInitializingSingleton {
    /** The property holding the default consumer group. */
    static final String DEFAULT_GROUP_PROPERTY = "async-kafka.consumer.group-id";

    private @Nullable ConfigurableBeanFactory beanFactory;
    private @Nullable Environment environment;
    private final Set<Class<?>> withoutListeners = ConcurrentHashMap.newKeySet();
    private final Map<String, ListenerEndpoint> endpoints = new LinkedHashMap<>();

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        if (beanFactory instanceof ConfigurableBeanFactory cbf) {
            this.beanFactory = cbf;
        }
    }

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        Class<?> target = AopUtils.getTargetClass(bean);
        if (withoutListeners.contains(target)) {
            return bean;
        }
        Map<Method, AsyncKafkaListener> methods =
                MethodIntrospector.selectMethods(target, (MethodIntrospector.MetadataLookup<AsyncKafkaListener>)
                        m -> AnnotatedElementUtils.findMergedAnnotation(m, AsyncKafkaListener.class));
        if (methods.isEmpty()) {
            withoutListeners.add(target);
            return bean;
        }
        for (Map.Entry<Method, AsyncKafkaListener> e : methods.entrySet()) {
            Method invocable = AopUtils.selectInvocableMethod(e.getKey(), bean.getClass());
            ListenerEndpoint endpoint = endpoint(bean, beanName, invocable, e.getValue());
            synchronized (endpoints) {
                ListenerEndpoint other = endpoints.get(endpoint.id());
                if (other != null) {
                    throw new InvalidAsyncKafkaListenerException(
                            "Two @AsyncKafkaListener methods have the id '" + endpoint.id()
                                    + "': " + other.method().description() + " and "
                                    + endpoint.method().description());
                }
                endpoints.put(endpoint.id(), endpoint);
            }
        }
        return bean;
    }

    private ListenerEndpoint endpoint(Object bean, String beanName, Method method, AsyncKafkaListener a) {
        String where = ListenerMethod.describe(beanName, method);
        ConfigurableBeanFactory bf = requireBeanFactory();
        String id = resolve(a.id(), where, "id");
        if (id.isEmpty()) {
            id = beanName + "." + method.getName();
        }
        List<String> topics = new ArrayList<>();
        for (String t : a.topics()) {
            for (String part : resolve(t, where, "topics").split(",")) {
                if (!part.isBlank()) {
                    topics.add(part.trim());
                }
            }
        }
        String patternText = resolve(a.topicPattern(), where, "topicPattern");
        if (topics.isEmpty() && patternText.isEmpty()) {
            throw new InvalidAsyncKafkaListenerException(where + ": set topics or topicPattern (both are empty)");
        }
        if (!topics.isEmpty() && !patternText.isEmpty()) {
            throw new InvalidAsyncKafkaListenerException(where + ": set either topics or topicPattern, not both");
        }
        Pattern pattern = null;
        if (!patternText.isEmpty()) {
            try {
                pattern = Pattern.compile(patternText);
            } catch (PatternSyntaxException e) {
                throw new InvalidAsyncKafkaListenerException(
                        where + ": invalid topicPattern '" + patternText + "': " + e.getDescription(), e);
            }
        }
        String groupId = resolve(a.groupId(), where, "groupId");
        if (groupId.isEmpty()) {
            Environment env = environment;
            String fallback = env == null ? null : env.getProperty(DEFAULT_GROUP_PROPERTY);
            if (fallback == null || fallback.isBlank()) {
                throw new InvalidAsyncKafkaListenerException(
                        where + ": no consumer group: set groupId or " + DEFAULT_GROUP_PROPERTY);
            }
        }
        // Without Boot there may be no settings bean: @EnableAsyncKafka alone uses the defaults.
        ListenerSettings settings =
                bf.getBeanProvider(ListenerSettings.class).getIfAvailable(() -> ListenerSettings.DEFAULTS);
        String concurrency = resolve(a.concurrency(), where, "concurrency");
        if (!concurrency.isEmpty()) {
            int n;
            try {
                n = Integer.parseInt(concurrency.trim());
            } catch (NumberFormatException e) {
                n = 0;
            }
            if (n < 1) {
                throw new InvalidAsyncKafkaListenerException(
                        where + ": concurrency must be a positive integer, was '" + concurrency + "'");
            }
            settings = settings.withConcurrency(n);
        }
        String autoStartupText = resolve(a.autoStartup(), where, "autoStartup").trim();
        boolean autoStartup;
        if (autoStartupText.isEmpty()) {
            autoStartup = settings.autoStartup();
        } else if (autoStartupText.equalsIgnoreCase("true") || autoStartupText.equalsIgnoreCase("false")) {
            autoStartup = Boolean.parseBoolean(autoStartupText);
        } else {
            throw new InvalidAsyncKafkaListenerException(
                    where + ": autoStartup must be true or false, was '" + autoStartupText + "'");
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String p : a.properties()) {
            String kv = resolve(p, where, "properties");
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new InvalidAsyncKafkaListenerException(
                        where + ": properties entries are 'key=value', was '" + kv + "'");
            }
            String key = kv.substring(0, eq).trim();
            if (key.equals("enable.auto.commit") || key.equals("group.id")) {
                throw new InvalidAsyncKafkaListenerException(where + ": property " + key
                        + " cannot be set here (the container commits itself; use groupId for the group)");
            }
            overrides.put(key, kv.substring(eq + 1).trim());
        }
        ListenerMethod lm =
                ListenerMethod.create(bean, beanName, method, a.batch(), bf.getBean(AsyncKafkaSerdes.class));
        return new ListenerEndpoint(
                id, lm, topics, pattern, groupId.isEmpty() ? null : groupId, settings, autoStartup, overrides);
    }

    private String resolve(String value, String where, String attribute) {
        if (value.isEmpty()) {
            return value;
        }
        try {
            String resolved = requireBeanFactory().resolveEmbeddedValue(value);
            if (resolved != null && resolved.contains("${")) {
                // Without a strict placeholder configurer, unresolvable placeholders are left as they are.
                throw new IllegalArgumentException("unresolved placeholder in '" + resolved + "'");
            }
            return resolved == null ? "" : resolved;
        } catch (IllegalArgumentException e) {
            throw new InvalidAsyncKafkaListenerException(
                    where + ": cannot resolve " + attribute + " '" + value + "': " + e.getMessage(), e);
        }
    }

    private ConfigurableBeanFactory requireBeanFactory() {
        ConfigurableBeanFactory bf = beanFactory;
        if (bf == null) {
            throw new IllegalStateException("@AsyncKafkaListener needs a ConfigurableBeanFactory");
        }
        return bf;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<ListenerEndpoint> all;
        synchronized (endpoints) {
            all = List.copyOf(endpoints.values());
        }
        if (all.isEmpty()) {
            return;
        }
        DefaultAsyncKafkaListenerRegistry registry =
                requireBeanFactory().getBean(DefaultAsyncKafkaListenerRegistry.class);
        for (ListenerEndpoint e : all) {
            registry.register(e);
        }
    }
}
