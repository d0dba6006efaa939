package dev.ridgeline.benchmarks.load;

/**
 * What the machine can do at best for a call: one client sends it one at a time, so each call has
 * a core to itself; {@code 1 / mean call time} is then one core's rate, and the cores together can
 * do that times the core count. A burst is measured against it.
 *
 * @param meanCallMicros mean latency of single calls from one client
 * @param cores          the service's cores
 * @param coresSource    where the core count comes from, for the output
 */
record TemplatingRate(double meanCallMicros, int cores, String coresSource) {

    /** From a one-client closed-loop run of the burst's own call. */
    static TemplatingRate of(LoadRun.Outcome singleClient, int cores, String coresSource) {
        return new TemplatingRate(singleClient.latencyMicros().getMean(), cores, coresSource);
    }

    double perCore() {
        return 1e6 / meanCallMicros;
    }

    /** Calls per second over all the service's cores. */
    double perSecond() {
        return perCore() * cores;
    }
}
