package dev.ridgeline.benchmarks.load;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends calls on a fixed {@link Schedule} whether or not earlier ones have been answered (open
 * loop, as booths arriving independently do) and times each call from its intended send time. A
 * closed-loop client that waits for each answer stops sending while the service stalls, so the
 * stall shows as one slow call instead of as the delay of every call that should have been sent
 * meanwhile (coordinated omission); timing from the intended time counts that delay.
 */
final class OpenLoopRun {

    /** How often the sender looks again while the outstanding cap holds a send back, and the end waits for calls in flight. */
    static final long POLL_NANOS = 1_000_000;

    private OpenLoopRun() {
    }

    /**
     * What the run saw.
     *
     * @param calls           latencies from intended send times and errors; its seconds run from the first
     *                        intended send to the schedule's end or the last answer, whichever is later
     * @param latencyNanos    each call's latency in send order, -1 for a failed call
     * @param sendDelayNanos  how long after its intended time each call actually left: the load
     *                        generator's own lateness, part of every latency above
     * @param lateSends       calls sent more than {@link Schedule#LATE_NANOS} after their intended time
     * @param capWaits        sends held back because {@code maxOutstanding} calls were unanswered
     * @param peakOutstanding the most calls unanswered at once
     */
    record Outcome(LoadRun.Outcome calls, Schedule schedule, long[] latencyNanos, long[] sendDelayNanos,
                   long lateSends, long capWaits, int peakOutstanding) {

        /** Calls answered (successfully or not) per second. */
        double achievedRate() {
            return calls.operations() / calls.seconds();
        }
    }

    /**
     * Sends {@code calls} calls, call {@code i} with probe {@code i} over channel {@code i} (each
     * cycling), and waits for every answer (each call has a deadline, so this ends).
     *
     * @param channels       the call made over each channel
     * @param maxOutstanding a safety cap on unanswered calls; a send it holds back is counted in
     *                       {@link Outcome#capWaits()} and still timed from its intended time
     */
    static Outcome run(Schedule schedule, int calls, List<BoothCall> channels, List<Probe> probes, int maxOutstanding,
                       NanoClock clock) throws InterruptedException {
        Tally tally = new Tally();
        long[] latencies = new long[calls];
        long[] sendDelays = new long[calls];
        AtomicInteger outstanding = new AtomicInteger();
        AtomicLong lastAnswer = new AtomicLong(schedule.startNanos());
        long lateSends = 0;
        long capWaits = 0;
        int peakOutstanding = 0;
        for (int i = 0; i < calls; i++) {
            long intended = schedule.intendedNanos(i);
            clock.parkUntil(intended);
            if (outstanding.get() >= maxOutstanding) {
                capWaits++;
                awaitOutstandingBelow(maxOutstanding, outstanding, clock);
            }
            long sent = clock.nanoTime();
            sendDelays[i] = sent - intended;
            if (schedule.late(i, sent)) {
                lateSends++;
            }
            peakOutstanding = Math.max(peakOutstanding, outstanding.incrementAndGet());
            int index = i;
            BoothCall call = channels.get(i % channels.size());
            Futures.addCallback(call.start(probes.get(i % probes.size())), new FutureCallback<>() {
                @Override
                public void onSuccess(Boolean match) {
                    long latency = answered() - intended;
                    latencies[index] = latency;
                    tally.succeeded(latency, match);
                    outstanding.decrementAndGet();
                }

                @Override
                public void onFailure(Throwable failure) {
                    answered();
                    latencies[index] = -1;
                    tally.failed(failure);
                    outstanding.decrementAndGet();
                }

                private long answered() {
                    long now = clock.nanoTime();
                    lastAnswer.accumulateAndGet(now, Math::max);
                    return now;
                }
            }, MoreExecutors.directExecutor());
        }
        awaitOutstandingBelow(1, outstanding, clock);
        long nanos = Math.max(schedule.spanNanos(calls), lastAnswer.get() - schedule.startNanos());
        return new Outcome(tally.outcome(nanos / 1e9), schedule, latencies, sendDelays, lateSends, capWaits,
                peakOutstanding);
    }

    private static void awaitOutstandingBelow(int limit, AtomicInteger outstanding, NanoClock clock)
            throws InterruptedException {
        while (outstanding.get() >= limit) {
            clock.parkUntil(clock.nanoTime() + POLL_NANOS);
        }
    }
}
