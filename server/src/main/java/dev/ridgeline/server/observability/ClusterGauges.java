package dev.ridgeline.server.observability;

import dev.ridgeline.cluster.ClusterMember;
import dev.ridgeline.cluster.ClusterStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * A cluster member's own figures, refreshed before each scrape: members seen, partitions owned,
 * subjects searched here, partitions read from PostgreSQL, migrations in flight, and PostgreSQL as this member
 * reaches it. Each member exports its own; the cluster's picture is their sum in Prometheus. Also
 * the searches this member asked the cluster for, split into the slowest member's own search and
 * what the cluster added to it (sealing the probe, fan-out, waiting, merging), so the cost of
 * spreading a gallery can be read apart from the cost of searching it.
 */
public final class ClusterGauges {

    private final ClusterMember member;
    private volatile ClusterStatus.Member local;
    private volatile ClusterStatus.Postgres postgres;

    public ClusterGauges(ClusterMember member, MeterRegistry registry) {
        this.member = member;
        refresh();
        Gauge.builder("ridgeline.cluster.members", member, ClusterMember::members)
                .description("members this member sees in its cluster").register(registry);
        Gauge.builder("ridgeline.cluster.safe", member, m -> m.safe() ? 1 : 0)
                .description("1 when every partition has its owner and backup in place and none is migrating")
                .register(registry);
        Gauge.builder("ridgeline.cluster.migrations.in.flight", member, ClusterMember::migrationsInFlight)
                .description("partition replica migrations of the running rebalance not yet done").register(registry);
        Gauge.builder("ridgeline.cluster.partitions.owned", this, g -> g.local.ownedPartitions())
                .description("partitions this member owns and searches").register(registry);
        Gauge.builder("ridgeline.cluster.subjects.owned", this, g -> g.local.subjects())
                .description("subjects in this member's galleries").register(registry);
        Gauge.builder("ridgeline.cluster.partitions.loaded", member, ClusterMember::loadedPartitions)
                .description("partitions this member has read from PostgreSQL since it started (its share at a cold"
                        + " start, then each one it gained)").register(registry);
        Gauge.builder("ridgeline.cluster.postgres.up", this, g -> g.postgres.reachable() ? 1 : 0)
                .description("1 when this member reaches PostgreSQL").register(registry);
        Gauge.builder("ridgeline.cluster.postgres.round.trip", this, g -> g.postgres.roundTripMillis() / 1000)
                .description("time of a status query to PostgreSQL").baseUnit("seconds").register(registry);
        Timer memberSearch = Timer.builder("ridgeline.cluster.search.member")
                .description("the slowest member's own search, per cluster search this member asked for")
                .publishPercentileHistogram().register(registry);
        Timer overhead = Timer.builder("ridgeline.cluster.search.overhead")
                .description("a cluster search beyond its slowest member's own search: sealing, fan-out, waiting, merging")
                .publishPercentileHistogram().register(registry);
        member.onSearch(found -> {
            memberSearch.record(found.slowestMemberNanos(), TimeUnit.NANOSECONDS);
            overhead.record(found.overheadNanos(), TimeUnit.NANOSECONDS);
        });
        Gauge.builder("ridgeline.cluster.postgres.replay.lag", this, g -> g.postgres.maxReplayLagMillis() / 1000.0)
                .description("largest replay lag of PostgreSQL's streaming replicas; -0.001 without replicas")
                .baseUnit("seconds").register(registry);
    }

    /** Reads this member's share and PostgreSQL's state once per scrape. */
    public void refresh() {
        local = member.localStatus();
        postgres = member.store().health();
    }
}
