package dev.ridgeline.benchmarks.load;

import dev.ridgeline.benchmarks.evaluation.Figures;

/** What an open-loop run adds to a run's figures: the schedule it kept and how well. */
record OpenLoopSummary(OpenLoopRun.Outcome outcome) {

    void addTo(Figures figures) {
        figures.row("open loop", rate(outcome.schedule().ratePerSecond()) + " calls/s scheduled; latency from each"
                + " call's intended send time");
        figures.row("achieved rate (answered calls/s)", RunSummary.number(outcome.achievedRate(), 1));
        figures.row("late sends (> 1 ms behind schedule)", Long.toString(outcome.lateSends()));
        figures.row("outstanding: peak / held back by the cap", outcome.peakOutstanding() + " / "
                + outcome.capWaits());
        figures.result("mode", "open");
        figures.result("rate", rate(outcome.schedule().ratePerSecond()));
        figures.result("achieved_rate", RunSummary.number(outcome.achievedRate(), 1));
        figures.result("late_sends", outcome.lateSends());
        figures.result("cap_waits", outcome.capWaits());
        figures.result("peak_outstanding", outcome.peakOutstanding());
    }

    /** A rate as given: 200, or 12.5. */
    static String rate(double perSecond) {
        return perSecond == Math.rint(perSecond) ? RunSummary.number(perSecond, 0) : RunSummary.number(perSecond, 1);
    }
}
