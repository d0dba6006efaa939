package dev.ridgeline.benchmarks.load;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

    /** How often the sender looks again while the outstanding cap holds a send back. */
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
     * cycling), from {@code loop}'s thread, and waits for every answer (each call has a deadline,
     * so this ends).
     *
     * @param channels       the call made over each channel
     * @param maxOutstanding a safety cap on unanswered calls; a send it holds back is counted in
     *                       {@link Outcome#capWaits()} and still timed from its intended time
     */
    static Outcome run(Schedule schedule, int calls, List<BoothCall> channels, List<Probe> probes, int maxOutstanding,
                       SendLoop loop) throws InterruptedException {
        Sender sender = new Sender(schedule, calls, channels, probes, maxOutstanding, loop);
        if (calls == 0) {
            sender.finish();
        } else {
            loop.runAt(schedule.intendedNanos(0), sender::sendDue);
        }
        return sender.await();
    }

    /**
     * One run's sends and answers. The sends, and the counts only they keep, run on the loop's
     * thread; answers may complete on any thread, so what they record is thread-safe.
     */
    private static final class Sender {

        private final Schedule schedule;
        private final int calls;
        private final List<BoothCall> channels;
        private final List<Probe> probes;
        private final int maxOutstanding;
        private final SendLoop loop;
        private final Tally tally = new Tally();
        private final long[] latencies;
        private final long[] sendDelays;
        private final AtomicInteger answered = new AtomicInteger();
        private final AtomicLong lastAnswer;
        private final CompletableFuture<Outcome> done = new CompletableFuture<>();
        private int next;
        private boolean heldByCap;
        private long lateSends;
        private long capWaits;
        private int peakOutstanding;

        Sender(Schedule schedule, int calls, List<BoothCall> channels, List<Probe> probes, int maxOutstanding,
               SendLoop loop) {
            this.schedule = schedule;
            this.calls = calls;
            this.channels = channels;
            this.probes = probes;
            this.maxOutstanding = maxOutstanding;
            this.loop = loop;
            this.latencies = new long[calls];
            this.sendDelays = new long[calls];
            this.lastAnswer = new AtomicLong(schedule.startNanos());
        }

        /** Sends every call whose time has come, then sets a timer for the next one. */
        void sendDue() {
            try {
                while (next < calls) {
                    long now = loop.nanoTime();
                    long intended = schedule.intendedNanos(next);
                    if (now < intended) {
                        loop.runAt(intended, this::sendDue);
                        return;
                    }
                    if (outstanding() >= maxOutstanding) {
                        if (!heldByCap) {
                            heldByCap = true;
                            capWaits++;
                        }
                        loop.runAt(now + POLL_NANOS, this::sendDue);
                        return;
                    }
                    heldByCap = false;
                    send(next++, intended, now);
                }
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        }

        private void send(int index, long intended, long sent) {
            sendDelays[index] = sent - intended;
            if (schedule.late(index, sent)) {
                lateSends++;
            }
            peakOutstanding = Math.max(peakOutstanding, outstanding());
            BoothCall call = channels.get(index % channels.size());
            Futures.addCallback(call.start(probes.get(index % probes.size())), new FutureCallback<>() {
                @Override
                public void onSuccess(Boolean match) {
                    long latency = answeredAt() - intended;
                    latencies[index] = latency;
                    tally.succeeded(latency, match);
                    answered();
                }

                @Override
                public void onFailure(Throwable failure) {
                    answeredAt();
                    latencies[index] = -1;
                    tally.failed(failure);
                    answered();
                }
            }, MoreExecutors.directExecutor());
        }

        private long answeredAt() {
            long now = loop.nanoTime();
            lastAnswer.accumulateAndGet(now, Math::max);
            return now;
        }

        /** Calls sent and not yet answered; read on the loop's thread, which alone advances {@code next}. */
        private int outstanding() {
            return next - answered.get();
        }

        private void answered() {
            if (answered.incrementAndGet() == calls) {
                // On the loop's thread, which wrote the send counts.
                loop.runAt(loop.nanoTime(), this::finish);
            }
        }

        void finish() {
            long nanos = Math.max(schedule.spanNanos(calls), lastAnswer.get() - schedule.startNanos());
            done.complete(new Outcome(tally.outcome(nanos / 1e9), schedule, latencies, sendDelays, lateSends,
                    capWaits, peakOutstanding));
        }

        Outcome await() throws InterruptedException {
            loop.await(done);
            return done.join();
        }
    }
}
