package dev.ridgeline.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.machinezoo.sourceafis.FingerprintMatcher;
import dev.ridgeline.benchmarks.load.BoothPhotos;
import dev.ridgeline.engine.face.FaceCapture;
import dev.ridgeline.engine.face.FaceTemplates;
import dev.ridgeline.engine.finger.FingerprintTemplates;
import dev.ridgeline.engine.gallery.GalleryConfig;
import dev.ridgeline.engine.match.ThresholdTable;
import dev.ridgeline.engine.template.TemplateEnvelope;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Needs the face models and photos from the npm registry, fetched into the shared cache on first use. */
class ExtractionBenchmarkTest {

    private static final ExtractionBenchmark BENCHMARK = new ExtractionBenchmark();
    private static final double FMR = GalleryConfig.DEFAULT_TARGET_FMR;

    @BeforeAll
    static void loadModels() throws IOException {
        BENCHMARK.loadModels();
    }

    @AfterAll
    static void close() {
        BENCHMARK.closeModels();
    }

    @Test
    void engineFingerprintTemplateIsSourceAfisOwnAndMatchesAnotherImpression() {
        TemplateEnvelope template = BENCHMARK.fingerprintTemplate();
        assertThat(template.position()).isEqualTo(GeneratedFingers.RIGHT_INDEX);
        assertThat(template.payload()).isEqualTo(BENCHMARK.plainSourceAfisExtract().toByteArray());

        TemplateEnvelope otherImpression = new GeneratedFingers(7).envelope(ExtractionBenchmark.FINGER, 1, 0);
        double score = new FingerprintMatcher(FingerprintTemplates.matchable(template))
                .match(FingerprintTemplates.matchable(otherImpression));
        assertThat(score).isGreaterThanOrEqualTo(ThresholdTable.fingerprint().threshold(FMR));
    }

    @Test
    void boothFrameIsA640By480Jpeg() throws IOException {
        BufferedImage frame = ImageIO.read(new ByteArrayInputStream(BENCHMARK.boothFrame()));
        assertThat(frame.getWidth()).isEqualTo(BoothPhotos.WIDTH);
        assertThat(frame.getHeight()).isEqualTo(BoothPhotos.HEIGHT);
    }

    @Test
    void boothFrameTemplateMatchesTheSamePersonInTheGroupPhoto() {
        float[] booth = FaceTemplates.FACEPLUGIN.vector(BENCHMARK.boothFaceTemplate()).toFloats();
        FaceCapture group = BENCHMARK.groupPhotoFace();
        assertThat(cosine(booth, group.embedding())).isGreaterThanOrEqualTo(ThresholdTable.face().threshold(FMR));
    }

    @Test
    void tightPortraitIsCutToTheFaceAndStillMatchesTheBoothFrame() throws IOException {
        BufferedImage tight = ImageIO.read(new ByteArrayInputStream(BENCHMARK.tightPortrait()));
        assertThat(tight.getWidth()).isLessThan(BoothPhotos.WIDTH / 2);
        float[] booth = FaceTemplates.FACEPLUGIN.vector(BENCHMARK.boothFaceTemplate()).toFloats();
        float[] cropped = FaceTemplates.FACEPLUGIN.vector(BENCHMARK.tightFaceTemplate()).toFloats();
        assertThat(cosine(booth, cropped)).isGreaterThanOrEqualTo(ThresholdTable.face().threshold(FMR));
    }

    private static double cosine(float[] a, float[] b) {
        double cosine = 0;
        for (int i = 0; i < a.length; i++) {
            cosine += a[i] * b[i];
        }
        return cosine;
    }
}
