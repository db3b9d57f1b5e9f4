package dev.asynckafka.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class with Netty's leak detection at PARANOID (every buffer tracked) and fails it if
 * Netty reports a leaked {@link ByteBuf}. Hooks the buffer leak detector's listener, so it works
 * whichever test loaded Netty first.
 */
final class NettyLeakCheck implements BeforeAllCallback, AfterAllCallback {
    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();
    private ResourceLeakDetector.Level previous = ResourceLeakDetector.Level.SIMPLE;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        previous = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        Field f = Class.forName("io.netty.buffer.AbstractByteBuf").getDeclaredField("leakDetector");
        f.setAccessible(true);
        ResourceLeakDetector<?> detector = (ResourceLeakDetector<?>) f.get(null);
        detector.setLeakListener((type, records) -> LEAKS.add(type + ": " + records));
        LEAKS.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            // Leaks are found when collected buffers are noticed on a later allocation.
            for (int i = 0; i < 5; i++) {
                System.gc();
                Thread.sleep(20);
                ByteBuf pooled = PooledByteBufAllocator.DEFAULT.directBuffer(16);
                pooled.release();
                ByteBuf heap = UnpooledByteBufAllocator.DEFAULT.heapBuffer(16);
                heap.release();
            }
            assertThat(LEAKS).as("Netty buffer leaks").isEmpty();
        } finally {
            ResourceLeakDetector.setLevel(previous);
        }
    }
}
