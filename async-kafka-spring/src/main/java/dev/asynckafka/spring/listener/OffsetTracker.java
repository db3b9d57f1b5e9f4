package dev.asynckafka.spring.listener;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * The offsets of one partition taken from the consumer and not yet done, in the order taken; says
 * which offset may be committed: the first one not done (or one past the last done record when all
 * are done). A record done out of order never moves the committable offset past an earlier record
 * that is not done. Not thread-safe: the container guards it.
 */
final class OffsetTracker {
    private final ArrayDeque<Long> pending = new ArrayDeque<>();
    private final Set<Long> doneEarly = new HashSet<>();
    private long committable = -1;
    private long committed = -1;

    /** A record was taken from the consumer (offsets arrive increasing). */
    void taken(long offset) {
        if (pending.isEmpty() && doneEarly.isEmpty() && committable < 0) {
            // Nothing done yet: the first taken record is where a commit would resume.
            committable = offset;
        }
        pending.addLast(offset);
    }

    /** A taken record is done (processed, or handled by the error handler). */
    void done(long offset) {
        Long head = pending.peekFirst();
        if (head == null || head != offset) {
            if (pending.contains(offset)) {
                doneEarly.add(offset);
            }
            return;
        }
        pending.pollFirst();
        long next = offset + 1;
        while (true) {
            Long h = pending.peekFirst();
            if (h == null || !doneEarly.remove(h)) {
                break;
            }
            pending.pollFirst();
            next = h + 1;
        }
        Long h = pending.peekFirst();
        committable = h != null ? h : next;
    }

    /** The offset to commit (the next record to process after a restart), or -1 if none is known. */
    long committable() {
        return committable;
    }

    /** Whether {@link #committable()} is ahead of the last offset marked {@link #committed}. */
    boolean dirty() {
        return committable > committed;
    }

    /** The commit of {@code offset} succeeded. */
    void committed(long offset) {
        committed = Math.max(committed, offset);
    }
}
