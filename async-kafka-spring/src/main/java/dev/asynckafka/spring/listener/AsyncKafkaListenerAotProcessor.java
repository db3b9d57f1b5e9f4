package dev.asynckafka.spring.listener;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Ahead-of-time support for {@link AsyncKafkaListener} methods: they are found and invoked
 * reflectively at run time, so a native image needs hints. For each bean class with such methods it
 * registers the methods for invocation and, for JSON, binding hints for the payload types the
 * methods take or return (records, their components, generic arguments), skipping the JDK's and the
 * client's own types. Registered in {@code META-INF/spring/aot.factories}.
 */
final class AsyncKafkaListenerAotProcessor implements BeanRegistrationAotProcessor {
    private final BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();

    @Override
    public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
        Class<?> beanClass = registeredBean.getBeanClass();
        Map<Method, AsyncKafkaListener> methods =
                MethodIntrospector.selectMethods(beanClass, (MethodIntrospector.MetadataLookup<AsyncKafkaListener>)
                        m -> AnnotatedElementUtils.findMergedAnnotation(m, AsyncKafkaListener.class));
        if (methods.isEmpty()) {
            return null;
        }
        return (generationContext, code) -> {
            ReflectionHints reflection = generationContext.getRuntimeHints().reflection();
            for (Method m : methods.keySet()) {
                reflection.registerMethod(m, ExecutableMode.INVOKE);
                for (Parameter p : m.getParameters()) {
                    registerPayload(reflection, p.getParameterizedType());
                }
                registerPayload(reflection, m.getGenericReturnType());
            }
        };
    }

    private void registerPayload(ReflectionHints reflection, Type type) {
        ResolvableType resolved = ResolvableType.forType(type);
        Class<?> raw = resolved.resolve();
        if (raw == null) {
            return;
        }
        if (isOwnOrJdk(raw)) {
            // A ConsumerRecord<K, V>, List<V> or CompletionStage<V>: the payload is a generic argument.
            for (ResolvableType generic : resolved.getGenerics()) {
                registerPayload(reflection, generic.getType());
            }
            return;
        }
        bindings.registerReflectionHints(reflection, type);
    }

    /** Packages whose types are the client's own: containers of payloads, never payloads. */
    private static final Set<String> OWN_PACKAGES = Set.of(
            "dev.asynckafka.common",
            "dev.asynckafka.consumer",
            "dev.asynckafka.producer",
            "dev.asynckafka.record",
            "dev.asynckafka.spring.listener");

    private static boolean isOwnOrJdk(Class<?> c) {
        if (c.isPrimitive() || c.isArray() && c.getComponentType().isPrimitive()) {
            return true;
        }
        String name = c.getName();
        return name.startsWith("java.") || name.startsWith("javax.") || OWN_PACKAGES.contains(c.getPackageName());
    }
}
