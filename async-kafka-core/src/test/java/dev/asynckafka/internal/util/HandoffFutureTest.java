package dev.asynckafka.internal.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HandoffFutureTest {
    @Test
    void applicationCompletionBeforeClaimAbandonsAndRunsTheHookOnce() {
        HandoffFuture<String> f = new HandoffFuture<>();
        AtomicInteger hook = new AtomicInteger();
        f.onAbandon(hook::incrementAndGet);
        assertThat(f.cancel(false)).isTrue();
        assertThat(f.isCancelled()).isTrue();
        assertThat(f.cancel(false)).as("cancel of a cancelled future").isTrue();
        assertThat(f.complete("x")).isFalse();
        assertThat(f.claim()).isFalse();
        assertThat(f.isAbandoned()).isTrue();
        assertThat(hook).hasValue(1);
    }

    @Test
    void hookSetAfterAbandonRunsAtOnce() {
        HandoffFuture<String> f = new HandoffFuture<>();
        f.completeExceptionally(new IllegalStateException());
        AtomicInteger hook = new AtomicInteger();
        f.onAbandon(hook::incrementAndGet);
        assertThat(hook).hasValue(1);
    }

    @Test
    void afterClaimEveryApplicationCompletionLosesAndTheDeliveryWins() {
        HandoffFuture<String> f = new HandoffFuture<>();
        AtomicInteger hook = new AtomicInteger();
        f.onAbandon(hook::incrementAndGet);
        assertThat(f.claim()).isTrue();
        assertThat(f.cancel(true)).isFalse();
        assertThat(f.complete("app")).isFalse();
        assertThat(f.completeExceptionally(new RuntimeException())).isFalse();
        assertThatThrownBy(() -> f.obtrudeValue("forced")).isInstanceOf(IllegalStateException.class);
        assertThat(f.isDone()).isFalse();
        f.deliver("records");
        assertThat(f.join()).isEqualTo("records");
        assertThat(hook).hasValue(0);
    }

    @Test
    void timeoutsGoThroughTheOverriddenCompletions() throws Exception {
        HandoffFuture<String> timedOut = new HandoffFuture<>();
        timedOut.orTimeout(1, TimeUnit.MILLISECONDS);
        assertThat(timedOut.handle((v, e) -> e).get(10, TimeUnit.SECONDS))
                .isInstanceOf(java.util.concurrent.TimeoutException.class);
        assertThat(timedOut.claim()).isFalse();

        HandoffFuture<String> defaulted = new HandoffFuture<>();
        defaulted.completeOnTimeout("default", 1, TimeUnit.MILLISECONDS);
        assertThat(defaulted.get(10, TimeUnit.SECONDS)).isEqualTo("default");
        assertThat(defaulted.claim()).isFalse();

        HandoffFuture<String> claimed = new HandoffFuture<>();
        assertThat(claimed.claim()).isTrue();
        claimed.orTimeout(1, TimeUnit.MILLISECONDS);
        Thread.sleep(20);
        assertThat(claimed.isDone())
                .as("a timeout after the claim has no effect")
                .isFalse();
        claimed.deliver("late");
        assertThat(claimed.join()).isEqualTo("late");
    }

    @Test
    void completeAsyncAbandonsLikeComplete() throws Exception {
        HandoffFuture<String> f = new HandoffFuture<>();
        f.completeAsync(() -> "app", Runnable::run);
        assertThat(f.get()).isEqualTo("app");
        assertThat(f.claim()).isFalse();
    }

    @Test
    void dependentStagesArePlainFutures() {
        HandoffFuture<String> f = new HandoffFuture<>();
        CompletableFuture<Integer> length = f.thenApply(String::length);
        assertThat(length).isNotInstanceOf(HandoffFuture.class);
        assertThat(f.claim()).isTrue();
        f.deliver("abc");
        assertThat(length.join()).isEqualTo(3);
    }
}
