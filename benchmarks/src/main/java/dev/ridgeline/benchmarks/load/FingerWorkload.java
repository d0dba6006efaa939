package dev.ridgeline.benchmarks.load;

import dev.ridgeline.api.v1.Modality;
import dev.ridgeline.api.v1.Sample;
import dev.ridgeline.benchmarks.evaluation.Progress;
import dev.ridgeline.fixtures.fingerprint.SyntheticFingerprints;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import me.tongfei.progressbar.ProgressBar;

/**
 * A pool of distinct generated fingers: impression 0 of each is templated once by the service and
 * enrolled; impression 1 probes it. Generating a finger's two impressions takes about half a
 * second of one core, so a gallery larger than the pool reuses its templates under distinct ids.
 */
final class FingerWorkload implements Workload {

    private final List<Sample> enrolled;
    private final List<Probe> probes;
    private final int gallerySize;

    private FingerWorkload(List<Sample> enrolled, List<Probe> probes, int gallerySize) {
        this.enrolled = enrolled;
        this.probes = probes;
        this.gallerySize = gallerySize;
    }

    /** Generates up to {@code pool} fingers (fewer if the gallery is smaller) and templates them through the service. */
    static FingerWorkload prepare(Extraction extraction, int gallerySize, int pool, ProbeKind probeKind, long seed) {
        SyntheticFingerprints generator = new SyntheticFingerprints(seed);
        int fingers = Math.min(pool, gallerySize);
        List<Optional<Pair>> made;
        try (ProgressBar bar = Progress.bar("generating fingers", fingers)) {
            made = IntStream.range(0, fingers).parallel()
                    .mapToObj(finger -> {
                        Optional<Pair> pair = pair(extraction, generator, finger, probeKind);
                        bar.step();
                        return pair;
                    })
                    .toList();
        }
        List<Sample> enrolled = new ArrayList<>();
        List<Probe> probes = new ArrayList<>();
        for (Optional<Pair> pair : made) {
            pair.ifPresent(p -> {
                probes.add(new Probe(p.probe(), Workload.subjectId(enrolled.size())));
                enrolled.add(p.enrolled());
            });
        }
        if (enrolled.isEmpty()) {
            throw new IllegalStateException("the service templated none of the generated fingers");
        }
        return new FingerWorkload(enrolled, probes, gallerySize);
    }

    /** A finger's enrolled template and its probe; empty when the service refuses either impression. */
    private static Optional<Pair> pair(Extraction extraction, SyntheticFingerprints generator, int finger,
                                       ProbeKind probeKind) {
        Optional<Sample> enrolled = extraction.template(
                Extraction.image(Modality.FINGERPRINT, generator.impressionPng(finger, 0)));
        if (enrolled.isEmpty()) {
            return Optional.empty();
        }
        Sample image = Extraction.image(Modality.FINGERPRINT, generator.impressionPng(finger, 1));
        Optional<Sample> probe = probeKind == ProbeKind.IMAGE ? Optional.of(image) : extraction.template(image);
        return probe.map(p -> new Pair(enrolled.get(), p));
    }

    private record Pair(Sample enrolled, Sample probe) {
    }

    @Override
    public GallerySubject subject(int index) {
        return new GallerySubject(Workload.subjectId(index), enrolled.get(index % enrolled.size()));
    }

    @Override
    public List<Probe> probes() {
        return probes;
    }

    @Override
    public String description() {
        String reuse = gallerySize > enrolled.size()
                ? "; the gallery of " + gallerySize + " reuses them under distinct ids, so each probe has "
                        + "about " + gallerySize / enrolled.size() + " identical mates"
                : "";
        return enrolled.size() + " distinct generated fingers (impression 0 enrolled, impression 1 probes)" + reuse;
    }
}
