package dev.ridgeline.benchmarks.evaluation;

import com.machinezoo.sourceafis.FingerprintTemplate;
import dev.ridgeline.engine.EngineConfig;
import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.finger.FingerprintTemplates;
import dev.ridgeline.engine.image.ImageDecoder;
import dev.ridgeline.engine.image.ImageLimits;
import dev.ridgeline.engine.template.TemplateEnvelope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import me.tongfei.progressbar.ProgressBar;

/**
 * A dataset's samples templated exactly as the service templates them: Ridgeline's decoder,
 * SourceAFIS extraction, the envelope round trip a stored template makes, and the service's
 * minimum-minutiae rule. A sample refused on the way is a failure to enroll.
 */
final class TemplateSet {

    /** One identity's usable templates, in sample order. */
    record IdentityTemplates(String id, List<FingerprintTemplate> templates) {
    }

    private final List<IdentityTemplates> identities;
    private final int failedToEnroll;

    private TemplateSet(List<IdentityTemplates> identities, int failedToEnroll) {
        this.identities = identities;
        this.failedToEnroll = failedToEnroll;
    }

    List<IdentityTemplates> identities() {
        return identities;
    }

    int failedToEnroll() {
        return failedToEnroll;
    }

    static TemplateSet extract(Dataset dataset, int dpi) {
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
        FingerprintTemplates extractor = new FingerprintTemplates(EngineConfig.DEFAULT_MINIMUM_MINUTIAE);
        List<Path> files = dataset.identities().stream().flatMap(i -> i.samples().stream()).toList();
        FingerprintTemplate[] templates = new FingerprintTemplate[files.size()];
        AtomicInteger failures = new AtomicInteger();
        try (ProgressBar progress = Progress.bar("extracting", files.size())) {
            IntStream.range(0, files.size()).parallel().forEach(i -> {
                try {
                    TemplateEnvelope envelope = extractor.extract(decoder.decode(Files.readAllBytes(files.get(i))), dpi, 0);
                    templates[i] = FingerprintTemplates.matchable(TemplateEnvelope.parse(envelope.toBytes()));
                } catch (EngineException e) {
                    failures.incrementAndGet();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + files.get(i), e);
                }
                progress.step();
            });
        }
        List<IdentityTemplates> identities = new ArrayList<>();
        int next = 0;
        for (Dataset.Identity identity : dataset.identities()) {
            List<FingerprintTemplate> usable = new ArrayList<>();
            for (int s = 0; s < identity.samples().size(); s++, next++) {
                if (templates[next] != null) {
                    usable.add(templates[next]);
                }
            }
            identities.add(new IdentityTemplates(identity.id(), usable));
        }
        return new TemplateSet(identities, failures.get());
    }
}
