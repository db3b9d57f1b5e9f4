package dev.asynckafka.record;

/**
 * What a record's timestamp means: set by the producer ({@link #CREATE_TIME}) or by the broker when it
 * appended the batch ({@link #LOG_APPEND_TIME}, in which case every record of the batch carries the
 * batch's max timestamp). Magic 0 messages have no timestamp: they read as {@link #CREATE_TIME} with
 * timestamp -1.
 */
public enum TimestampType {
    CREATE_TIME,
    LOG_APPEND_TIME
}
