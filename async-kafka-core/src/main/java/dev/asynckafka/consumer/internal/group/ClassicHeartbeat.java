package dev.asynckafka.consumer.internal.group;

import dev.asynckafka.errors.ErrorCode;
import dev.asynckafka.internal.ClientContext;
import dev.asynckafka.internal.protocol.message.HeartbeatRequest;
import dev.asynckafka.internal.protocol.message.HeartbeatResponse;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The classic protocol's Heartbeat, on a timer of its own ({@code heartbeat.interval.ms}),
 * independent of the application: at most one in flight; the member decides whether to beat and
 * what an error answer means. Event loop only.
 */
final class ClassicHeartbeat {
    /** The member the heartbeats are for. */
    interface Member {
        /** Whether to send a heartbeat now (in a generation, not joining, not failed). */
        boolean shouldBeat();

        int generation();

        String memberId();

        /** The coordinator answered the heartbeat sent for {@code generation}. */
        void onAnswer(ErrorCode code, int generation);
    }

    private final ClientContext context;
    private final CoordinatorLink link;
    private final String groupId;
    private final @Nullable String instanceId;
    private final Duration interval;
    private final Member member;
    private boolean inFlight;
    private @Nullable ScheduledFuture<?> timer;

    ClassicHeartbeat(
            ClientContext context,
            CoordinatorLink link,
            String groupId,
            @Nullable String instanceId,
            Duration interval,
            Member member) {
        this.context = context;
        this.link = link;
        this.groupId = groupId;
        this.instanceId = instanceId;
        this.interval = interval;
        this.member = member;
    }

    void start() {
        if (timer == null) {
            long hb = interval.toNanos();
            timer = context.loop().scheduleWithFixedDelay(this::beat, hb, hb, TimeUnit.NANOSECONDS);
        }
    }

    void stop() {
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
        timer = null;
    }

    private void beat() {
        if (inFlight || !member.shouldBeat()) {
            return;
        }
        inFlight = true;
        int gen = member.generation();
        HeartbeatRequest request = new HeartbeatRequest()
                .setGroupId(groupId)
                .setGenerationId(gen)
                .setMemberId(member.memberId())
                .setGroupInstanceId(instanceId);
        link.<HeartbeatResponse>send(request, HeartbeatRequest.HIGHEST_SUPPORTED_VERSION)
                .whenComplete((r, e) -> {
                    inFlight = false;
                    if (e == null && r != null) {
                        member.onAnswer(ErrorCode.forCode(r.errorCode()), gen);
                    }
                });
    }
}
