package dev.ridgeline.engine.finger;

import static org.assertj.core.api.Assertions.assertThat;

import com.machinezoo.sourceafis.FingerprintMatcher;
import com.machinezoo.sourceafis.FingerprintTemplate;
import com.machinezoo.sourceafis.engine.features.IndexedEdge;
import com.machinezoo.sourceafis.engine.matcher.EdgeHashes;
import com.machinezoo.sourceafis.engine.templates.SearchTemplate;
import dev.ridgeline.engine.image.ImageDecoder;
import dev.ridgeline.engine.image.ImageLimits;
import dev.ridgeline.fixtures.fingerprint.SyntheticFingerprints;
import it.unimi.dsi.fastutil.ints.Int2ObjectMap;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The 1:1 path must be SourceAFIS 3.18.1 exactly, or the calibrated thresholds would no longer
 * stand for the FMR they name: the on-demand hash answers every key as the full hash does, and
 * the verification matcher scores every pair as {@code FingerprintMatcher} does, mates and
 * impostors alike.
 */
class OnDemandEdgeHashTest {

    private static final int FINGERS = 6;
    private static final int IMPRESSIONS = 3;
    private static final List<FingerprintTemplate> TEMPLATES = new ArrayList<>();

    @BeforeAll
    static void extract() {
        SyntheticFingerprints generator = new SyntheticFingerprints(23);
        FingerprintTemplates extractor = new FingerprintTemplates(0);
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
        for (int finger = 0; finger < FINGERS; finger++) {
            for (int impression = 0; impression < IMPRESSIONS; impression++) {
                TEMPLATES.add(FingerprintTemplates.matchable(extractor.extract(
                        decoder.decode(generator.impressionPng(finger, impression)), 500, 0)));
            }
        }
        TEMPLATES.add(FingerprintTemplate.empty());
    }

    @Test
    void answersEveryKeyWithTheFullHashsEdgesInItsOrder() {
        for (FingerprintTemplate template : TEMPLATES) {
            SearchTemplate search = VerificationMatcher.searchTemplate(template);
            Int2ObjectMap<List<IndexedEdge>> full = EdgeHashes.build(search);
            OnDemandEdgeHash onDemand = new OnDemandEdgeHash(search);
            // Every key a lookup can ask: 37 x 37 angle bins, lengths past the longest edge.
            for (int reference = 0; reference < 40; reference++) {
                for (int neighbor = 0; neighbor < 40; neighbor++) {
                    for (int length = 0; length < 64; length++) {
                        int key = (reference << 24) + (neighbor << 16) + length;
                        assertThat(edges(onDemand.get(key))).as("key %08x", key).isEqualTo(edges(full.get(key)));
                    }
                }
            }
            assertThat(full.keySet().stream().filter(key -> (key & 0xFFFF) < 64 && (key & 0xFFFF) != 0xFFFF).count())
                    .as("the keys compared cover the full hash's").isEqualTo(full.keySet().stream()
                            .filter(key -> (key & 0xFFFF) != 0xFFFF).count());
        }
    }

    @Test
    void scoresEveryPairAsSourceAfisDoes() {
        int mates = 0;
        for (FingerprintTemplate probe : TEMPLATES) {
            FingerprintMatcher sourceAfis = new FingerprintMatcher(probe);
            VerificationMatcher verification = new VerificationMatcher(probe);
            for (FingerprintTemplate reference : TEMPLATES) {
                double expected = sourceAfis.match(reference);
                assertThat(verification.match(reference)).isEqualTo(expected);
                mates += expected >= 40 ? 1 : 0;
            }
        }
        assertThat(mates).as("mated pairs among those compared").isGreaterThan(FINGERS * IMPRESSIONS);
    }

    /** An edge list as (reference, neighbour) pairs; null (no list) as empty. */
    private static List<List<Integer>> edges(List<IndexedEdge> list) {
        return list == null ? List.of()
                : list.stream().map(edge -> List.of(edge.reference(), edge.neighbor())).toList();
    }
}
