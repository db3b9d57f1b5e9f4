package dev.asynckafka.producer.internal;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The states of a transactional producer and, in one place, the transitions allowed between them.
 *
 * <pre>
 * UNINITIALIZED -> INITIALIZING -> READY -> IN_TRANSACTION -> COMMITTING -> READY
 *                                                          -> ABORTING   -> READY
 * IN_TRANSACTION / COMMITTING -> ABORTABLE_ERROR -> ABORTING (only abort is allowed)
 * any state -> FATAL_ERROR (terminal: every operation fails with the fatal cause)
 * </pre>
 *
 * An InitProducerId that timed out goes back to UNINITIALIZED, so {@code initTransactions} may be
 * called again.
 */
public enum TransactionState {
    UNINITIALIZED,
    INITIALIZING,
    READY,
    IN_TRANSACTION,
    COMMITTING,
    ABORTING,
    ABORTABLE_ERROR,
    FATAL_ERROR;

    private static final Map<TransactionState, Set<TransactionState>> ALLOWED = Map.of(
            UNINITIALIZED, EnumSet.of(INITIALIZING, FATAL_ERROR),
            INITIALIZING, EnumSet.of(READY, UNINITIALIZED, FATAL_ERROR),
            READY, EnumSet.of(IN_TRANSACTION, FATAL_ERROR),
            IN_TRANSACTION, EnumSet.of(COMMITTING, ABORTING, ABORTABLE_ERROR, FATAL_ERROR),
            COMMITTING, EnumSet.of(READY, ABORTABLE_ERROR, FATAL_ERROR),
            ABORTING, EnumSet.of(READY, FATAL_ERROR),
            ABORTABLE_ERROR, EnumSet.of(ABORTING, FATAL_ERROR),
            FATAL_ERROR, EnumSet.noneOf(TransactionState.class));

    /** Whether the state machine may move from this state to {@code next}. */
    public boolean canTransitionTo(TransactionState next) {
        return ALLOWED.get(this).contains(next);
    }
}
