package dev.ridgeline.benchmarks;

import dev.ridgeline.engine.finger.FingerprintTemplates;
import dev.ridgeline.engine.image.ImageDecoder;
import dev.ridgeline.engine.image.ImageLimits;
import dev.ridgeline.engine.template.TemplateEnvelope;
import dev.ridgeline.fixtures.fingerprint.SyntheticFingerprints;
import java.util.List;
import java.util.stream.IntStream;

/** Fingers from the fixtures' generator, templated as the service templates an image. */
public final class GeneratedFingers {

    /** Right index (ISO/ANSI finger numbering), the finger booths usually take. */
    static final int RIGHT_INDEX = 2;

    private static final ImageDecoder DECODER = new ImageDecoder(ImageLimits.DEFAULT);
    /** No minimum: a benchmark wants every generated finger, even a poor one. */
    private static final FingerprintTemplates EXTRACTOR = new FingerprintTemplates(0);

    private final SyntheticFingerprints generator;

    public GeneratedFingers(long seed) {
        this.generator = new SyntheticFingerprints(seed);
    }

    /** A 384 x 448 px, 500 dpi PNG of one impression of one finger. */
    byte[] png(int finger, int impression) {
        return generator.impressionPng(finger, impression);
    }

    public TemplateEnvelope envelope(int finger, int impression, int position) {
        return EXTRACTOR.extract(DECODER.decode(png(finger, impression)), SyntheticFingerprints.DPI, position);
    }

    /** The same impression of fingers 0 to {@code count - 1}, extracted in parallel. */
    List<TemplateEnvelope> envelopes(int count, int impression, int position) {
        return IntStream.range(0, count).parallel().mapToObj(f -> envelope(f, impression, position)).toList();
    }
}
