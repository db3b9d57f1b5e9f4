package dev.asynckafka.spring.listener.aotpayload;

import java.math.BigDecimal;

/** Payload types of AsyncKafkaListenerAotProcessorTest, outside the client's packages as a user's are. */
public final class Payloads {
    private Payloads() {}

    /** An order. */
    public record Order(String id, BigDecimal amount, Customer customer) {}

    /** A customer, reached only through {@link Order}. */
    public record Customer(String name) {}

    /** An audit line. */
    public record Audit(String line) {}
}
