package dev.ridgeline.server.observability;

import dev.ridgeline.server.federation.CopyCheckpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/** How far each copy of a partner gallery is behind its publisher, per copy (docs/FEDERATION.md). */
public final class CopyGauges {

    private final Supplier<List<CopyCheckpoint>> copies;
    private final MultiGauge lagChanges;
    private final MultiGauge lagSeconds;

    public CopyGauges(Supplier<List<CopyCheckpoint>> copies, MeterRegistry registry) {
        this.copies = copies;
        this.lagChanges = MultiGauge.builder("ridgeline.copy.lag.changes")
                .description("changes the partner had logged that the copy has not applied").register(registry);
        this.lagSeconds = MultiGauge.builder("ridgeline.copy.lag").baseUnit("seconds")
                .description("age of the last change the copy applied while it is behind; 0 when level").register(registry);
    }

    /** Refreshes the per-copy series; call before each scrape. */
    public void refresh() {
        Instant now = Instant.now();
        List<CopyCheckpoint> current = copies.get();
        lagChanges.register(current.stream().map(copy -> MultiGauge.Row.of(tags(copy), copy.lagChanges())).toList(), true);
        lagSeconds.register(current.stream()
                .map(copy -> MultiGauge.Row.of(tags(copy), copy.lag(now).toMillis() / 1000.0)).toList(), true);
    }

    private static Tags tags(CopyCheckpoint copy) {
        return Tags.of("partner", copy.partner(), "gallery", copy.gallery(), "copy", copy.localGallery());
    }
}
