package dev.asynckafka.benchmarks;

import java.util.Random;

/**
 * Record values both clients send: a fixed pool of seeded pseudo-random values with some
 * repetition inside each, so compression has realistic (not degenerate) work to do.
 */
final class Payloads {
    private final byte[][] pool;

    Payloads(int size) {
        Random random = new Random(42);
        pool = new byte[1024][];
        String words = "order customer payment shipped pending warehouse invoice refund item quantity ";
        for (int i = 0; i < pool.length; i++) {
            byte[] v = new byte[size];
            for (int j = 0; j < size; j++) {
                v[j] = random.nextInt(4) == 0
                        ? (byte) random.nextInt(256)
                        : (byte) words.charAt((j + i) % words.length());
            }
            pool[i] = v;
        }
    }

    /** The i-th value (a shared array: copy before changing it). */
    byte[] value(long i) {
        return pool[(int) (i & (pool.length - 1))];
    }

    /** A fresh value with the given nano time in its first 8 bytes (for latency measurement). */
    byte[] stamped(long i, long nanoTime) {
        byte[] v = value(i).clone();
        for (int b = 0; b < 8 && b < v.length; b++) {
            v[b] = (byte) (nanoTime >>> (56 - 8 * b));
        }
        return v;
    }

    static long stampOf(byte[] value) {
        long t = 0;
        for (int b = 0; b < 8; b++) {
            t = (t << 8) | (value[b] & 0xff);
        }
        return t;
    }
}
