package dev.asynckafka.sample;

import java.math.BigDecimal;

/**
 * An order as the REST endpoint accepts it and the listeners receive it (JSON on the wire).
 *
 * @param id the order id
 * @param customer the customer, also the record key: one customer's orders stay in one partition, in order
 * @param amount the amount; a negative amount makes {@link OrderListeners#process} fail, to show retries and the
 *     dead-letter topic
 */
public record Order(String id, String customer, BigDecimal amount) {}
