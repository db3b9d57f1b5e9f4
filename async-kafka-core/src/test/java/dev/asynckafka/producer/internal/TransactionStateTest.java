package dev.asynckafka.producer.internal;

import static dev.asynckafka.producer.internal.TransactionState.ABORTABLE_ERROR;
import static dev.asynckafka.producer.internal.TransactionState.ABORTING;
import static dev.asynckafka.producer.internal.TransactionState.COMMITTING;
import static dev.asynckafka.producer.internal.TransactionState.FATAL_ERROR;
import static dev.asynckafka.producer.internal.TransactionState.INITIALIZING;
import static dev.asynckafka.producer.internal.TransactionState.IN_TRANSACTION;
import static dev.asynckafka.producer.internal.TransactionState.READY;
import static dev.asynckafka.producer.internal.TransactionState.UNINITIALIZED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The transaction state machine's transitions, checked pair by pair against the intended table. */
class TransactionStateTest {
    private static final Map<TransactionState, Set<TransactionState>> EXPECTED = Map.of(
            UNINITIALIZED, EnumSet.of(INITIALIZING, FATAL_ERROR),
            INITIALIZING, EnumSet.of(READY, UNINITIALIZED, FATAL_ERROR),
            READY, EnumSet.of(IN_TRANSACTION, FATAL_ERROR),
            IN_TRANSACTION, EnumSet.of(COMMITTING, ABORTING, ABORTABLE_ERROR, FATAL_ERROR),
            COMMITTING, EnumSet.of(READY, ABORTABLE_ERROR, FATAL_ERROR),
            ABORTING, EnumSet.of(READY, FATAL_ERROR),
            ABORTABLE_ERROR, EnumSet.of(ABORTING, FATAL_ERROR),
            FATAL_ERROR, EnumSet.noneOf(TransactionState.class));

    @Test
    void everyPairIsAllowedExactlyAsTheTableSays() {
        for (TransactionState from : TransactionState.values()) {
            for (TransactionState to : TransactionState.values()) {
                assertThat(from.canTransitionTo(to))
                        .as("%s -> %s", from, to)
                        .isEqualTo(EXPECTED.get(from).contains(to));
            }
        }
    }

    @Test
    void aTransactionCannotBeginBeforeInitNorCommitOutsideOne() {
        assertThat(UNINITIALIZED.canTransitionTo(IN_TRANSACTION)).isFalse();
        assertThat(READY.canTransitionTo(COMMITTING)).isFalse();
        assertThat(READY.canTransitionTo(ABORTING)).isFalse();
        assertThat(IN_TRANSACTION.canTransitionTo(IN_TRANSACTION)).isFalse();
    }

    @Test
    void anAbortableErrorOnlyLeadsToAbortAndFatalIsTerminal() {
        assertThat(ABORTABLE_ERROR.canTransitionTo(COMMITTING)).isFalse();
        assertThat(ABORTABLE_ERROR.canTransitionTo(READY)).isFalse();
        assertThat(ABORTABLE_ERROR.canTransitionTo(IN_TRANSACTION)).isFalse();
        assertThat(ABORTABLE_ERROR.canTransitionTo(ABORTING)).isTrue();
        for (TransactionState to : TransactionState.values()) {
            assertThat(FATAL_ERROR.canTransitionTo(to))
                    .as("FATAL_ERROR -> %s", to)
                    .isFalse();
        }
    }

    @Test
    void fatalIsReachableFromEveryOtherState() {
        for (TransactionState from : TransactionState.values()) {
            if (from != FATAL_ERROR) {
                assertThat(from.canTransitionTo(FATAL_ERROR)).as(from.name()).isTrue();
            }
        }
    }
}
