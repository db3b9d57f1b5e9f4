package dev.asynckafka.internal.record;

/**
 * The type of a control record, from the key of a record in a control batch: the transaction markers
 * {@link #ABORT} (type 0) and {@link #COMMIT} (type 1); any other type, or a record that is not a control
 * record, is {@link #UNKNOWN}.
 */
public enum ControlRecordType {
    ABORT,
    COMMIT,
    UNKNOWN
}
