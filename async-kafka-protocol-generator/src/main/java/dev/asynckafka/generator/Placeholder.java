package dev.asynckafka.generator;

public final class Placeholder {
    private Placeholder() {}
}
