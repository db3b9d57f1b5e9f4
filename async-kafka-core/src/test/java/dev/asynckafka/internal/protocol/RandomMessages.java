package dev.asynckafka.internal.protocol;

import dev.asynckafka.common.Uuid;
import dev.asynckafka.generator.FieldSpec;
import dev.asynckafka.generator.FieldType;
import dev.asynckafka.generator.MessageSpec;
import dev.asynckafka.generator.StructSpec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds instances of generated messages with random, mostly non-default content in every field that
 * exists in a version, driven by the specs (nested structs, arrays, nulls, tagged and unknown tagged
 * fields, records).
 */
final class RandomMessages {
    private static final String[] WORDS = {"", "a", "topic-1", "é", "日本語", "\uD83D\uDE00 smile", "x".repeat(40)};

    private final Random random;
    private final MessageSpec spec;
    private final Map<String, StructSpec> structs;
    private final Class<?> topClass;
    private final boolean nulls;

    RandomMessages(MessageSpec spec, long seed, boolean nulls) {
        this.random = new Random(seed);
        this.spec = spec;
        this.structs = Specs.structs(spec);
        this.topClass = Specs.messageClass(spec);
        this.nulls = nulls;
    }

    /** A random instance of the top-level message for the version. */
    Message create(short version) {
        return (Message) fill(topClass, spec.fields(), version, 0);
    }

    private Object fill(Class<?> cls, List<FieldSpec> fields, short version, int depth) {
        try {
            Object obj = cls.getConstructor().newInstance();
            for (FieldSpec f : fields) {
                if (!f.versions().contains(version)) {
                    continue;
                }
                Object value = value(f, version, depth);
                setter(
                                cls,
                                "set" + Character.toUpperCase(f.name().charAt(0))
                                        + f.name().substring(1))
                        .invoke(obj, value);
            }
            if (spec.flexibleVersions().contains(version) && random.nextInt(4) == 0) {
                List<RawTaggedField> raw = new ArrayList<>();
                int tag = 100 + random.nextInt(50);
                for (int i = 0; i < 1 + random.nextInt(2); i++) {
                    byte[] data = new byte[random.nextInt(5)];
                    random.nextBytes(data);
                    raw.add(new RawTaggedField(tag, data));
                    tag += 1 + random.nextInt(200);
                }
                setter(cls, "setUnknownTaggedFields").invoke(obj, raw);
            }
            return obj;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot fill " + cls.getName(), e);
        }
    }

    private static Method setter(Class<?> cls, String name) {
        for (Method m : cls.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == 1) {
                return m;
            }
        }
        throw new AssertionError("no setter " + name + " on " + cls.getName());
    }

    private Object value(FieldSpec f, short version, int depth) throws ReflectiveOperationException {
        FieldType t = f.type();
        if (nulls && f.nullableVersions().contains(version) && random.nextInt(6) == 0) {
            return null;
        }
        if (t.kind() == FieldType.Kind.ARRAY) {
            int n = depth > 3 ? 0 : random.nextInt(4);
            List<Object> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(element(t.element(), version, depth + 1));
            }
            return list;
        }
        return element(t, version, depth);
    }

    private Object element(FieldType t, short version, int depth) throws ReflectiveOperationException {
        switch (t.kind()) {
            case BOOL:
                return random.nextBoolean();
            case INT8:
                return (byte) random.nextInt();
            case INT16:
                return (short) random.nextInt();
            case INT32:
                return random.nextInt();
            case INT64:
                return random.nextLong();
            case UINT16:
                return random.nextInt(65536);
            case UINT32:
                return random.nextLong() & 0xffffffffL;
            case FLOAT64:
                return random.nextDouble() * 1e6 - 5e5;
            case UUID:
                return new Uuid(random.nextLong(), random.nextLong());
            case STRING:
                return WORDS[random.nextInt(WORDS.length)] + (random.nextBoolean() ? random.nextInt(1000) : "");
            case BYTES: {
                byte[] b = new byte[random.nextInt(9)];
                random.nextBytes(b);
                return b;
            }
            case RECORDS: {
                byte[] b = new byte[random.nextInt(30)];
                random.nextBytes(b);
                ByteBuf buf = Unpooled.buffer(b.length + 4);
                buf.writeZero(2);
                buf.writeBytes(b);
                buf.readerIndex(2);
                return buf;
            }
            case STRUCT: {
                StructSpec s = structs.get(t.structName());
                Class<?> cls = Class.forName(topClass.getName() + "$" + t.structName());
                return fill(cls, s.fields(), version, depth + 1);
            }
            default:
                throw new AssertionError("unexpected type " + t);
        }
    }

    /** Calls the generated static {@code read(ByteBuf, short)} of a class, unwrapping its exception. */
    static Object read(Class<?> cls, ByteBuf in, short version) {
        try {
            return cls.getMethod("read", ByteBuf.class, short.class).invoke(null, in, version);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new AssertionError(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
