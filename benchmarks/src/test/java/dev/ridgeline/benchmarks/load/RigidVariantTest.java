package dev.ridgeline.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.machinezoo.fingerprintio.iso19794p2v2005.Iso19794p2v2005Minutia;
import com.machinezoo.fingerprintio.iso19794p2v2005.Iso19794p2v2005Template;
import com.machinezoo.sourceafis.FingerprintMatcher;
import dev.ridgeline.benchmarks.GeneratedFingers;
import dev.ridgeline.engine.finger.FingerprintTemplates;
import dev.ridgeline.engine.finger.StandardTemplates;
import dev.ridgeline.engine.template.TemplateEnvelope;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RigidVariantTest {

    /** SourceAFIS's documented threshold (FMR 0.01%). */
    private static final double SOURCEAFIS_THRESHOLD = 40;

    private final GeneratedFingers fingers = new GeneratedFingers(7);

    @Test
    void keepsTheMinutiaeLessTheDropoutAndStillMatchesItsSource() {
        for (int finger = 0; finger < 3; finger++) {
            TemplateEnvelope source = fingers.envelope(finger, 0, 2);
            int sourceMinutiae = minutiae(source).size();
            TemplateEnvelope variant = RigidVariant.of(source, 100 + finger);

            assertThat(RigidVariant.kept(sourceMinutiae)).isLessThan(sourceMinutiae);
            assertThat(minutiae(variant)).hasSize(RigidVariant.kept(sourceMinutiae));
            assertThat(variant.featureCount()).isEqualTo(RigidVariant.kept(sourceMinutiae));
            assertThat(variant.position()).isEqualTo(2);
            assertThat(score(source, variant)).isGreaterThan(SOURCEAFIS_THRESHOLD);
        }
    }

    @Test
    void theVariantIsTurnedAndMovedNotACopy() {
        List<Iso19794p2v2005Minutia> source = minutiae(fingers.envelope(0, 0, 0));
        List<Iso19794p2v2005Minutia> variant = minutiae(RigidVariant.of(fingers.envelope(0, 0, 0), 5));
        Set<List<Integer>> sourcePositions = source.stream().map(m -> List.of(m.positionX, m.positionY))
                .collect(Collectors.toSet());
        Set<Integer> sourceDirections = source.stream().map(m -> m.angle).collect(Collectors.toSet());
        // A few may land on another minutia's place or direction by chance; a copy would land on all.
        assertThat(variant.stream().filter(m -> sourcePositions.contains(List.of(m.positionX, m.positionY))).count())
                .isLessThan(variant.size() / 4);
        assertThat(variant.stream().filter(m -> sourceDirections.contains(m.angle)).count())
                .isLessThan(variant.size() / 2);
    }

    @Test
    void aSeedAlwaysGivesTheSameVariantAndAnotherSeedAnother() {
        TemplateEnvelope source = fingers.envelope(1, 0, 0);
        assertThat(RigidVariant.of(source, 9).payload()).isEqualTo(RigidVariant.of(source, 9).payload());
        assertThat(RigidVariant.of(source, 10).payload()).isNotEqualTo(RigidVariant.of(source, 9).payload());
    }

    private static double score(TemplateEnvelope probe, TemplateEnvelope candidate) {
        return new FingerprintMatcher(FingerprintTemplates.matchable(probe)).match(FingerprintTemplates.matchable(candidate));
    }

    private static List<Iso19794p2v2005Minutia> minutiae(TemplateEnvelope envelope) {
        return new Iso19794p2v2005Template(StandardTemplates.export(envelope, StandardTemplates.Format.ISO_19794_2_2005))
                .fingerprints.getFirst().minutiae;
    }
}
