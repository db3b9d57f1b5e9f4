package dev.asynckafka.errors;

import dev.asynckafka.common.TopicPartition;
import java.util.Map;

/**
 * Client-side: the consumer found that the log of a partition it reads diverged from what it
 * already fetched (KIP-320), typically after an unclean leader election: the new leader does not
 * hold the records at and after {@link #divergentOffsets()}, or holds other records there. It is
 * raised only when {@code auto.offset.reset} is {@code none}; with {@code earliest} or {@code
 * latest} the consumer moves the position to the divergence point instead and logs a warning.
 *
 * <p>The partition stays failed (every {@code getMany} that reaches it fails with this exception)
 * until the application seeks it, for example to the divergent offset. Not retriable.
 */
public class LogTruncationException extends OffsetOutOfRangeException {
    private static final long serialVersionUID = 1L;

    private final Map<TopicPartition, Long> positions;
    private final Map<TopicPartition, Long> divergentOffsets;

    /**
     * @param message what was detected
     * @param positions the consumer's position (next offset to consume) of each partition when the
     *     truncation was detected
     * @param divergentOffsets for each partition, the first offset known to diverge (where the
     *     consumer's view and the leader's log part), or absent when the leader could not say
     */
    public LogTruncationException(
            String message, Map<TopicPartition, Long> positions, Map<TopicPartition, Long> divergentOffsets) {
        super(message);
        this.positions = Map.copyOf(positions);
        this.divergentOffsets = Map.copyOf(divergentOffsets);
    }

    /** The truncated partitions and the consumer's position in each when it was detected. */
    public Map<TopicPartition, Long> positions() {
        return positions;
    }

    /**
     * The first offset known to diverge in each partition: seeking there resumes on the new
     * leader's log with nothing skipped that it holds. A partition is absent when the leader could
     * not tell (it has no record of the consumer's epoch).
     */
    public Map<TopicPartition, Long> divergentOffsets() {
        return divergentOffsets;
    }
}
