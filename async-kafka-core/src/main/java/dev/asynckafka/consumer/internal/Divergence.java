package dev.asynckafka.consumer.internal;

/**
 * What a leader's answer about a leader epoch means for a partition's positions (KIP-320). The
 * answer comes from a Fetch response's {@code DivergingEpoch} or from OffsetForLeaderEpoch: the
 * largest epoch the leader holds that is not above the epoch asked about, and the offset where it
 * ends in the leader's log. Everything from that offset on may differ from what the consumer
 * fetched. Pure: no state, no I/O.
 */
final class Divergence {
    enum Kind {
        /** The leader holds everything fetched: keep both positions. */
        VALID,
        /**
         * Only buffered records that the application has not seen diverge: drop the buffer and
         * fetch again from the consumed position.
         */
        REFETCH,
        /** Records the application already got are not in the leader's log: the log was truncated. */
        TRUNCATED,
        /** The leader knows no epoch at or below the one asked about: the divergence point is unknown. */
        UNKNOWN
    }

    /**
     * @param kind what happened
     * @param offset where to fetch from next (for {@link Kind#TRUNCATED}, the first offset known to
     *     diverge), or -1 for {@link Kind#UNKNOWN}
     * @param epoch the leader epoch of the record before {@code offset}, or -1
     */
    record Decision(Kind kind, long offset, int epoch) {}

    private Divergence() {}

    /**
     * Decides.
     *
     * @param fetchPosition where the next fetch starts: everything before it was fetched
     * @param consumedPosition the offset of the next record the application gets; not above {@code
     *     fetchPosition}
     * @param endEpoch the leader's epoch, or -1 if it has none at or below the one asked about
     * @param endOffset the offset where {@code endEpoch} ends in the leader's log, or -1
     */
    static Decision decide(long fetchPosition, long consumedPosition, int endEpoch, long endOffset) {
        if (endEpoch < 0 || endOffset < 0) {
            return new Decision(Kind.UNKNOWN, -1, -1);
        }
        if (endOffset >= fetchPosition) {
            // The leader's epoch covers the position. Fetching on with its epoch keeps a broker
            // that answered with an older epoch than ours from reporting the same divergence again.
            return new Decision(Kind.VALID, fetchPosition, endEpoch);
        }
        if (endOffset >= consumedPosition) {
            // Offsets before endOffset are the leader's; consumedPosition <= endOffset, so the
            // record before it lies in endEpoch or earlier.
            return new Decision(Kind.REFETCH, consumedPosition, endEpoch);
        }
        return new Decision(Kind.TRUNCATED, endOffset, endEpoch);
    }
}
