package dev.asynckafka.reactor.internal;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * One partition's records handed out and not yet acknowledged, for one assignment of the partition:
 * says which offset may be committed — the first record handed out and not acknowledged, or one
 * past the last handed out when all are acknowledged. Acknowledging out of order never moves the
 * committable offset past an earlier record still unacknowledged. Not thread-safe: the session's
 * {@link Committer} guards it.
 */
final class AckTracker {
    private final ArrayDeque<Long> unacked = new ArrayDeque<>();
    private final Set<Long> ackedAhead = new HashSet<>();
    private long lastTaken = -1;
    private long committable = -1;
    private long committed = -1;
    private boolean retired;

    /** A record was handed out; offsets arrive increasing. */
    void taken(long offset) {
        unacked.addLast(offset);
        lastTaken = offset;
    }

    /** The record at {@code offset} was acknowledged; returns whether that was news. */
    boolean acknowledged(long offset) {
        Long head = unacked.peekFirst();
        if (retired || head == null || offset < head || offset > lastTaken) {
            return false; // already acknowledged, or never handed out by this assignment
        }
        if (offset != head) {
            return ackedAhead.add(offset);
        }
        unacked.pollFirst();
        long next = offset + 1;
        for (Long h = unacked.peekFirst(); h != null && ackedAhead.remove(h); h = unacked.peekFirst()) {
            unacked.pollFirst();
            next = h + 1;
        }
        Long h = unacked.peekFirst();
        // Offsets may have gaps (compaction, transaction markers): resume at the next record handed out.
        committable = h != null ? h : next;
        return true;
    }

    /** The offset to commit (the next record to process after a restart), or -1 if nothing was acknowledged. */
    long committable() {
        return committable;
    }

    /** Whether {@link #committable()} is ahead of what was committed. */
    boolean dirty() {
        return !retired && committable > committed;
    }

    /** A commit of {@code offset} succeeded. */
    void committed(long offset) {
        committed = Math.max(committed, offset);
    }

    /** The partition was revoked or lost: later acknowledgements of this assignment's records are ignored. */
    void retire() {
        retired = true;
        unacked.clear();
        ackedAhead.clear();
    }

    /** Records handed out and not acknowledged. */
    int unacknowledged() {
        return unacked.size() - ackedAhead.size();
    }
}
