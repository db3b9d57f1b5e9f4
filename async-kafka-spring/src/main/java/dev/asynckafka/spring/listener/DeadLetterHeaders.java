package dev.asynckafka.spring.listener;

/**
 * The headers the default error handler adds to a dead-letter record, next to the original
 * record's own headers.
 */
public final class DeadLetterHeaders {
    /** Header: the topic the record was consumed from. */
    public static final String ORIGINAL_TOPIC = "async-kafka-dlt-original-topic";
    /** Header: its partition, as decimal text. */
    public static final String ORIGINAL_PARTITION = "async-kafka-dlt-original-partition";
    /** Header: its offset, as decimal text. */
    public static final String ORIGINAL_OFFSET = "async-kafka-dlt-original-offset";
    /** Header: its timestamp in epoch milliseconds, as decimal text. */
    public static final String ORIGINAL_TIMESTAMP = "async-kafka-dlt-original-timestamp";
    /** Header: the fully qualified class of the last failure. */
    public static final String EXCEPTION_CLASS = "async-kafka-dlt-exception-class";
    /** Header: the message of the last failure (empty if none). */
    public static final String EXCEPTION_MESSAGE = "async-kafka-dlt-exception-message";
    /** Header: how often the listener was called (0 for a record that could not be deserialized). */
    public static final String ATTEMPTS = "async-kafka-dlt-attempts";

    private DeadLetterHeaders() {}
}
