package dev.ridgeline.server.observability;

import dev.ridgeline.engine.Ridgeline;
import dev.ridgeline.engine.gallery.GalleryDescription;
import dev.ridgeline.engine.gallery.GalleryStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gallery and store figures, read from the engine when metrics are scraped (galleries come and
 * go, so the per-gallery series are refreshed on each scrape).
 */
public final class EngineGauges {

    private final Ridgeline engine;
    private final MultiGauge subjects;
    private final MultiGauge shardTemplates;
    private final MultiGauge bytesPerTemplate;
    private final AtomicLong loadedSubjects = new AtomicLong();

    public EngineGauges(Ridgeline engine, MeterRegistry registry) {
        this.engine = engine;
        this.subjects = MultiGauge.builder("ridgeline.gallery.subjects").description("enrolled subjects holding a template of the modality").register(registry);
        this.shardTemplates = MultiGauge.builder("ridgeline.shard.templates").description("live templates per shard")
                .register(registry);
        this.bytesPerTemplate = MultiGauge.builder("ridgeline.gallery.template.memory.per.template")
                .description("estimated heap held per matchable template").baseUnit("bytes").register(registry);
        Gauge.builder("ridgeline.store.loaded.subjects", loadedSubjects, AtomicLong::get)
                .description("subjects loaded from the store since start").register(registry);
        FunctionCounter.builder("ridgeline.images.templated", engine, Ridgeline::imagesTemplated)
                .description("images taken up for templating since start, refused ones included").register(registry);
        Gauge.builder("ridgeline.store.ready", engine, e -> e.ready() ? 1 : 0)
                .description("1 once every gallery is loaded from the store").register(registry);
    }

    /** Called with the loader's progress. */
    public void loaded(long subjectsSoFar) {
        loadedSubjects.set(subjectsSoFar);
    }

    /** Refreshes the per-gallery series; call before each scrape. */
    public void refresh() {
        if (!engine.ready()) {
            return;
        }
        List<MultiGauge.Row<?>> subjectRows = new ArrayList<>();
        List<MultiGauge.Row<?>> shardRows = new ArrayList<>();
        List<MultiGauge.Row<?>> memoryRows = new ArrayList<>();
        for (GalleryDescription gallery : engine.localGalleries()) {
            for (var entry : gallery.stats().byModality().entrySet()) {
                GalleryStats.ModalityStats stats = entry.getValue();
                if (stats.subjects() == 0) {
                    continue;
                }
                Tags tags = Tags.of("gallery", gallery.name(), "modality", entry.getKey().name().toLowerCase(Locale.ROOT));
                subjectRows.add(MultiGauge.Row.of(tags, stats.subjects()));
                for (int shard = 0; shard < stats.templatesPerShard().size(); shard++) {
                    shardRows.add(MultiGauge.Row.of(tags.and("shard", Integer.toString(shard)),
                            stats.templatesPerShard().get(shard)));
                }
                if (stats.templates() > 0) {
                    memoryRows.add(MultiGauge.Row.of(tags, (double) stats.templateMemoryBytes() / stats.templates()));
                }
            }
        }
        subjects.register(subjectRows, true);
        shardTemplates.register(shardRows, true);
        bytesPerTemplate.register(memoryRows, true);
    }
}
