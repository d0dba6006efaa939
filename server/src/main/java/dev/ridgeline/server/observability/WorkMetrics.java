package dev.ridgeline.server.observability;

import dev.ridgeline.engine.work.Refusal;
import dev.ridgeline.engine.work.WorkClass;
import dev.ridgeline.engine.work.WorkPool;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The work pool's queues as Prometheus series per priority class: jobs waiting
 * ({@code ridgeline_work_queued}), how long each waited for a thread ({@code ridgeline_work_wait_seconds}),
 * and work answered without being done, by reason ({@code ridgeline_work_refused_total}).
 */
public final class WorkMetrics implements WorkPool.Listener {

    private final MeterRegistry registry;
    private final Map<WorkClass, Timer> waits = new EnumMap<>(WorkClass.class);
    private final Map<WorkClass, Map<Refusal.Reason, Counter>> refusals = new EnumMap<>(WorkClass.class);

    public WorkMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (WorkClass workClass : WorkClass.values()) {
            waits.put(workClass, Timer.builder("ridgeline.work.wait").tag("class", workClass.label())
                    .description("time a job waited for a work thread").publishPercentileHistogram().register(registry));
            Map<Refusal.Reason, Counter> byReason = new EnumMap<>(Refusal.Reason.class);
            for (Refusal.Reason reason : Refusal.Reason.values()) {
                byReason.put(reason, Counter.builder("ridgeline.work.refused").tag("class", workClass.label())
                        .tag("reason", reason.label()).description("jobs answered without being done").register(registry));
            }
            refusals.put(workClass, byReason);
        }
    }

    /** Exports the pool's queue lengths. */
    public void watch(WorkPool pool) {
        for (WorkClass workClass : WorkClass.values()) {
            Gauge.builder("ridgeline.work.queued", pool, p -> p.queued(workClass)).tag("class", workClass.label())
                    .description("jobs waiting for a work thread").register(registry);
        }
    }

    @Override
    public void waited(WorkClass workClass, long nanos) {
        waits.get(workClass).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void refused(WorkClass workClass, Refusal.Reason reason) {
        refusals.get(workClass).get(reason).increment();
    }
}
