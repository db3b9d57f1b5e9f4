package dev.asynckafka.spring.listener;

import dev.asynckafka.consumer.ConsumerRecord;
import dev.asynckafka.serialization.Deserializer;
import dev.asynckafka.spring.core.AsyncKafkaSerdes;
import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.springframework.core.MethodParameter;
import org.springframework.core.ReactiveAdapter;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * One {@link AsyncKafkaListener} method with its parameter bindings and the deserializers they
 * need. Validated on creation (an {@link InvalidAsyncKafkaListenerException} names the bean and method); then
 * {@link #bind} deserializes fetched records into arguments and {@link #invoke} calls the method.
 * Thread-safe.
 */
final class ListenerMethod {
    private static final Class<?>[] OUR_ANNOTATIONS = {
        Key.class, Header.class, Topic.class, Partition.class, Offset.class
    };

    private enum Kind {
        VALUE,
        KEY,
        RECORD,
        HEADER,
        TOPIC,
        PARTITION,
        OFFSET,
        CONTAINER,
        TRANSACTION,
        VALUE_LIST,
        RECORD_LIST
    }

    private record Binding(Kind kind, @Nullable String header, boolean bytes, boolean primitive) {}

    private final Object bean;
    private final Method method;
    private final String description;
    private final boolean batch;
    private final boolean async;
    /** Adapts a reactive return type (Mono, Flux, ...) to a Publisher; null for the other returns. */
    private final @Nullable ReactiveAdapter reactive;

    private final Binding[] bindings;
    private final @Nullable Deserializer<?> keyDeserializer;
    private final @Nullable Deserializer<?> valueDeserializer;

    private ListenerMethod(
            Object bean,
            Method method,
            String description,
            boolean batch,
            boolean async,
            @Nullable ReactiveAdapter reactive,
            Binding[] bindings,
            @Nullable Deserializer<?> keyDeserializer,
            @Nullable Deserializer<?> valueDeserializer) {
        this.bean = bean;
        this.method = method;
        this.description = description;
        this.batch = batch;
        this.async = async;
        this.reactive = reactive;
        this.bindings = bindings;
        this.keyDeserializer = keyDeserializer;
        this.valueDeserializer = valueDeserializer;
    }

    /** A description for messages: the method and the bean. */
    static String describe(String beanName, Method method) {
        String params = Arrays.stream(method.getParameterTypes())
                .map(Class::getSimpleName)
                .collect(Collectors.joining(", "));
        return "@AsyncKafkaListener method " + method.getDeclaringClass().getName() + "." + method.getName() + "("
                + params + ") of bean '" + beanName + "'";
    }

    /**
     * Validates the method and resolves its bindings.
     *
     * @param bean the bean to call the method on (possibly a proxy)
     * @param method the method, invocable on {@code bean}
     * @throws InvalidAsyncKafkaListenerException for an unsupported parameter or return type, naming bean and method
     */
    static ListenerMethod create(Object bean, String beanName, Method method, boolean batch, AsyncKafkaSerdes serdes) {
        String description = describe(beanName, method);
        Class<?> ret = method.getReturnType();
        boolean async;
        @Nullable ReactiveAdapter reactive = null;
        if (ret == void.class || ret == Void.class) {
            async = false;
        } else if (CompletionStage.class.isAssignableFrom(ret)) {
            async = true;
        } else if ((reactive = reactiveAdapter(ret)) != null) {
            async = true;
        } else {
            throw new InvalidAsyncKafkaListenerException(description + ": unsupported return type " + ret.getName()
                    + "; return void, CompletionStage, CompletableFuture or a reactive type such as Mono<Void>");
        }
        Binding[] bindings = new Binding[method.getParameterCount()];
        @Nullable Type keyType = null;
        @Nullable Type valueType = null;
        boolean payloadBound = false;
        for (int i = 0; i < bindings.length; i++) {
            MethodParameter mp = new MethodParameter(method, i);
            String where = description + ": parameter " + i + " ("
                    + mp.getParameterType().getSimpleName()
                    + (mp.getParameterName() == null ? "" : " " + mp.getParameterName()) + ")";
            Annotation ours = ourAnnotation(mp, where);
            Class<?> type = mp.getParameterType();
            ResolvableType rt = ResolvableType.forMethodParameter(mp);
            Binding b;
            if (ours instanceof Key) {
                requireSingle(batch, where, "@Key");
                keyType = boxed(rt);
                b = new Binding(Kind.KEY, null, false, type.isPrimitive());
            } else if (ours instanceof Header h) {
                requireSingle(batch, where, "@Header");
                if (type != String.class && type != byte[].class) {
                    throw new InvalidAsyncKafkaListenerException(
                            where + ": @Header parameters must be String or byte[]");
                }
                b = new Binding(Kind.HEADER, h.value(), type == byte[].class, false);
            } else if (ours instanceof Topic) {
                requireType(type, where, "@Topic", String.class);
                b = new Binding(Kind.TOPIC, null, false, false);
            } else if (ours instanceof Partition) {
                requireType(type, where, "@Partition", int.class, Integer.class);
                b = new Binding(Kind.PARTITION, null, false, false);
            } else if (ours instanceof Offset) {
                requireSingle(batch, where, "@Offset");
                requireType(type, where, "@Offset", long.class, Long.class);
                b = new Binding(Kind.OFFSET, null, false, false);
            } else if (type == ListenerContainer.class) {
                b = new Binding(Kind.CONTAINER, null, false, false);
            } else if (type == ListenerTransaction.class) {
                b = new Binding(Kind.TRANSACTION, null, false, false);
            } else if (payloadBound) {
                throw new InvalidAsyncKafkaListenerException(where + ": unsupported parameter; the "
                        + (batch ? "list" : "value or record")
                        + " is already bound to an earlier parameter (annotate keys, headers and metadata)");
            } else if (batch) {
                if (type != List.class) {
                    throw new InvalidAsyncKafkaListenerException(
                            where + ": a batch listener takes List<V> or List<ConsumerRecord<K, V>>, not " + rt);
                }
                ResolvableType element = rt.getGeneric(0);
                if (element.resolve() == ConsumerRecord.class) {
                    keyType = genericOrBytes(element, 0);
                    valueType = genericOrBytes(element, 1);
                    b = new Binding(Kind.RECORD_LIST, null, false, false);
                } else {
                    valueType = element.resolve() == null ? byte[].class : element.getType();
                    b = new Binding(Kind.VALUE_LIST, null, false, false);
                }
                payloadBound = true;
            } else if (type == ConsumerRecord.class) {
                keyType = genericOrBytes(rt, 0);
                valueType = genericOrBytes(rt, 1);
                b = new Binding(Kind.RECORD, null, false, false);
                payloadBound = true;
            } else if (type == List.class || type == java.util.Collection.class) {
                throw new InvalidAsyncKafkaListenerException(
                        where + ": a List parameter needs @AsyncKafkaListener(batch = true) or another type");
            } else {
                valueType = boxed(rt);
                b = new Binding(Kind.VALUE, null, false, type.isPrimitive());
                payloadBound = true;
            }
            bindings[i] = b;
        }
        if (batch && !payloadBound) {
            throw new InvalidAsyncKafkaListenerException(
                    description + ": a batch listener needs a List<V> or List<ConsumerRecord<K, V>> parameter");
        }
        long keyBindings = Arrays.stream(bindings)
                .filter(x -> x.kind() == Kind.KEY || x.kind() == Kind.RECORD || x.kind() == Kind.RECORD_LIST)
                .count();
        if (keyBindings > 1) {
            throw new InvalidAsyncKafkaListenerException(
                    description + ": bind the key once (a @Key parameter or a ConsumerRecord, not both)");
        }
        ReflectionUtils.makeAccessible(method);
        Deserializer<?> keyDes = keyType == null ? null : deserializer(serdes, keyType, true, description);
        Deserializer<?> valueDes = valueType == null ? null : deserializer(serdes, valueType, false, description);
        return new ListenerMethod(bean, method, description, batch, async, reactive, bindings, keyDes, valueDes);
    }

    private static Deserializer<?> deserializer(AsyncKafkaSerdes serdes, Type type, boolean key, String description) {
        try {
            return key ? serdes.keyDeserializer(type) : serdes.valueDeserializer(type);
        } catch (RuntimeException e) {
            throw new InvalidAsyncKafkaListenerException(
                    description + ": no " + (key ? "key" : "value") + " deserializer for " + type.getTypeName() + ": "
                            + e.getMessage(),
                    e);
        }
    }

    private static @Nullable Annotation ourAnnotation(MethodParameter mp, String where) {
        Annotation found = null;
        for (Annotation a : mp.getParameterAnnotations()) {
            for (Class<?> c : OUR_ANNOTATIONS) {
                if (c.isInstance(a)) {
                    if (found != null) {
                        throw new InvalidAsyncKafkaListenerException(where + ": at most one of @Key, @Header, @Topic, "
                                + "@Partition, @Offset per parameter");
                    }
                    found = a;
                }
            }
        }
        return found;
    }

    private static void requireSingle(boolean batch, String where, String what) {
        if (batch) {
            throw new InvalidAsyncKafkaListenerException(where + ": " + what
                    + " is not available to batch listeners (take List<ConsumerRecord<K, V>> instead)");
        }
    }

    private static void requireType(Class<?> type, String where, String what, Class<?>... allowed) {
        for (Class<?> c : allowed) {
            if (c == type) {
                return;
            }
        }
        throw new InvalidAsyncKafkaListenerException(where + ": " + what + " parameters must be "
                + Arrays.stream(allowed).map(Class::getSimpleName).collect(Collectors.joining(" or ")));
    }

    private static Type boxed(ResolvableType rt) {
        Class<?> c = rt.resolve();
        if (c != null && c.isPrimitive()) {
            return ClassUtils.resolvePrimitiveIfNecessary(c);
        }
        return rt.getType();
    }

    private static Type genericOrBytes(ResolvableType type, int index) {
        ResolvableType g = type.getGeneric(index);
        return g.resolve() == null ? byte[].class : g.getType();
    }

    /** The description used in messages. */
    String description() {
        return description;
    }

    /** Whether the method takes lists. */
    boolean isBatch() {
        return batch;
    }

    /** Whether the method takes a {@link ListenerTransaction}. */
    boolean takesTransaction() {
        for (Binding b : bindings) {
            if (b.kind() == Kind.TRANSACTION) {
                return true;
            }
        }
        return false;
    }

    /** A copy of the arguments from {@link #bind} with the attempt's transaction in its parameters. */
    Object[] withTransaction(Object[] args, ListenerTransaction transaction) {
        Object[] out = args.clone();
        for (int i = 0; i < bindings.length; i++) {
            if (bindings[i].kind() == Kind.TRANSACTION) {
                out[i] = transaction;
            }
        }
        return out;
    }

    /**
     * Deserializes the records and builds the arguments.
     *
     * @throws RecordBindingException if a key or value cannot be deserialized or a {@code null}
     *     cannot be bound to a primitive parameter: deterministic, never retried
     */
    Object[] bind(List<ConsumerRecord<byte[], byte[]>> raw, ListenerContainer container) {
        List<ConsumerRecord<Object, Object>> records = new ArrayList<>(raw.size());
        for (ConsumerRecord<byte[], byte[]> r : raw) {
            records.add(deserialize(r));
        }
        ConsumerRecord<Object, Object> first = records.get(0);
        Object[] args = new Object[bindings.length];
        for (int i = 0; i < bindings.length; i++) {
            Binding b = bindings[i];
            Object arg = switch (b.kind()) {
                case VALUE -> first.value();
                case KEY -> first.key();
                case RECORD -> first;
                case HEADER -> header(first, b);
                case TOPIC -> first.topic();
                case PARTITION -> first.partition();
                case OFFSET -> first.offset();
                case CONTAINER -> container;
                // Set per attempt by withTransaction: each attempt runs in a transaction of its own.
                case TRANSACTION -> null;
                case VALUE_LIST -> values(records);
                case RECORD_LIST -> List.copyOf(records);
            };
            if (arg == null && b.primitive()) {
                throw new RecordBindingException("Cannot pass null to primitive parameter " + i + " of " + description
                        + " for record " + first.topic() + "-" + first.partition() + "@" + first.offset());
            }
            args[i] = arg;
        }
        return args;
    }

    private static List<Object> values(List<ConsumerRecord<Object, Object>> records) {
        // Tombstones stay in the list as nulls (List.copyOf would reject them).
        List<Object> values = new ArrayList<>(records.size());
        for (ConsumerRecord<Object, Object> r : records) {
            values.add(r.value());
        }
        return java.util.Collections.unmodifiableList(values);
    }

    private static @Nullable Object header(ConsumerRecord<Object, Object> record, Binding b) {
        dev.asynckafka.record.Header h = record.lastHeader(b.header() == null ? "" : b.header());
        if (h == null || h.value() == null) {
            return null;
        }
        return b.bytes() ? h.value() : new String(h.value(), StandardCharsets.UTF_8);
    }

    private ConsumerRecord<Object, Object> deserialize(ConsumerRecord<byte[], byte[]> r) {
        Object key = decode(keyDeserializer, r, r.key(), "key");
        Object value = decode(valueDeserializer, r, r.value(), "value");
        return new ConsumerRecord<>(
                r.topic(),
                r.partition(),
                r.offset(),
                r.timestamp(),
                r.timestampType(),
                r.serializedKeySize(),
                r.serializedValueSize(),
                r.headers(),
                key,
                value,
                r.leaderEpoch());
    }

    private static @Nullable Object decode(
            @Nullable Deserializer<?> deserializer,
            ConsumerRecord<byte[], byte[]> r,
            byte @Nullable [] bytes,
            String what) {
        if (deserializer == null) {
            return bytes;
        }
        try {
            return deserializer.deserialize(r.topic(), bytes == null ? null : ByteBuffer.wrap(bytes));
        } catch (RuntimeException e) {
            throw new RecordBindingException(
                    "Cannot deserialize the " + what + " of record " + r.topic() + "-" + r.partition() + "@"
                            + r.offset() + ": " + e,
                    e);
        }
    }

    /**
     * Calls the method.
     *
     * @return completes when the listener is done with the records: at once for {@code void}, when
     *     the returned stage completes otherwise; fails with the listener's exception
     */
    CompletableFuture<Void> invoke(Object[] args) {
        Object result;
        try {
            result = method.invoke(bean, args);
        } catch (InvocationTargetException e) {
            return CompletableFuture.failedFuture(e.getCause() == null ? e : e.getCause());
        } catch (IllegalAccessException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (!async) {
            return CompletableFuture.completedFuture(null);
        }
        if (result == null) {
            return CompletableFuture.failedFuture(
                    new InvalidAsyncKafkaListenerException(description + " returned null"));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (reactive != null) {
            ReactiveCompletion.subscribe(reactive, result, done);
            return done;
        }
        ((CompletionStage<?>) result).whenComplete((v, e) -> {
            if (e != null) {
                done.completeExceptionally(e);
            } else {
                done.complete(null);
            }
        });
        return done;
    }

    /**
     * The adapter of a reactive return type from Spring's registry (Reactor, RxJava, Mutiny... as
     * far as they are on the class path), or null; none without Reactive Streams on the class path.
     */
    private static @Nullable ReactiveAdapter reactiveAdapter(Class<?> type) {
        if (!ClassUtils.isPresent("org.reactivestreams.Publisher", ListenerMethod.class.getClassLoader())) {
            return null;
        }
        return ReactiveAdapterRegistry.getSharedInstance().getAdapter(type);
    }

    /**
     * Subscribes to a reactive return value, requesting everything and ignoring the elements: the
     * listener is done when it completes and failed when it errors. A class of its own so that
     * Reactive Streams types are only loaded when a listener returns a reactive type.
     */
    private static final class ReactiveCompletion implements Subscriber<Object> {
        private final CompletableFuture<Void> done;

        private ReactiveCompletion(CompletableFuture<Void> done) {
            this.done = done;
        }

        static void subscribe(ReactiveAdapter adapter, Object result, CompletableFuture<Void> done) {
            Publisher<?> publisher;
            try {
                publisher = adapter.toPublisher(result);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
                return;
            }
            publisher.subscribe(new ReactiveCompletion(done));
        }

        @Override
        public void onSubscribe(Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(Object element) {
            // The elements are not the listener's outcome, only completion or error is.
        }

        @Override
        public void onError(Throwable t) {
            done.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            done.complete(null);
        }
    }

    /** A record that cannot be turned into arguments: deterministic, so never retried. */
    static final class RecordBindingException extends RuntimeException {
        RecordBindingException(String message) {
            super(message);
        }

        RecordBindingException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
