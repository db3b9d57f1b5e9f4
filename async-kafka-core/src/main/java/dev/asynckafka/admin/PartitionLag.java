package dev.asynckafka.admin;

/**
 * How far a consumer group's committed offset is behind a partition's end.
 *
 * @param committedOffset the group's committed offset (the next record it will read)
 * @param endOffset the partition's log end offset (high watermark)
 */
public record PartitionLag(long committedOffset, long endOffset) {
    /** Records between the committed offset and the end; never negative. */
    public long lag() {
        return Math.max(0, endOffset - committedOffset);
    }
}
