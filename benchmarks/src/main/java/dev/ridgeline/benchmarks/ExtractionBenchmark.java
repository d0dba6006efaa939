package dev.ridgeline.benchmarks;

import static dev.ridgeline.benchmarks.GeneratedFingers.RIGHT_INDEX;

import com.machinezoo.sourceafis.FingerprintImage;
import com.machinezoo.sourceafis.FingerprintImageOptions;
import com.machinezoo.sourceafis.FingerprintTemplate;
import dev.ridgeline.benchmarks.evaluation.FaceModels;
import dev.ridgeline.benchmarks.evaluation.PhotoVariant;
import dev.ridgeline.benchmarks.load.BoothPhotos;
import dev.ridgeline.engine.FaceSettings;
import dev.ridgeline.engine.RidgelineEngine;
import dev.ridgeline.engine.Sample;
import dev.ridgeline.engine.face.FaceCapture;
import dev.ridgeline.engine.face.FaceModel;
import dev.ridgeline.engine.face.FaceSelection;
import dev.ridgeline.engine.finger.enhance.Enhancement;
import dev.ridgeline.engine.finger.enhance.SkeletonMinutiae;
import dev.ridgeline.engine.image.GreyImage;
import dev.ridgeline.engine.image.ImageDecoder;
import dev.ridgeline.engine.image.ImageLimits;
import dev.ridgeline.engine.mcc.CylinderCode;
import dev.ridgeline.engine.mcc.CylinderEncoder;
import dev.ridgeline.engine.template.TemplateEnvelope;
import dev.ridgeline.fixtures.fingerprint.SyntheticFingerprints;
import dev.ridgeline.fixtures.registry.FacePhotos;
import dev.ridgeline.server.cli.GroupPhotos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Template extraction, in milliseconds per image, one thread. Fingerprints: a generated
 * 384 x 448 px, 500 dpi PNG through the engine's templating (decode, SourceAFIS, minutiae check,
 * matchable form) beside plain SourceAFIS on the already decoded pixels. Faces, on the OpenCV DNN
 * pipeline: a 640 x 480 booth frame through the engine's templating (one face, quality gate,
 * int8 template), the same portrait cut to its face as {@code evaluate --crop tight} cuts it (the
 * detector then boxes the face again inside a border), and a 1920 px group photo as a probe, where
 * the largest face is taken.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// SourceAFIS extraction is slow to reach steady speed: in a smoke run its time per image fell tenfold over the first 9 s.
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
public class ExtractionBenchmark {

    static final int FINGER = 3;

    private ScratchEngine scratch;
    private RidgelineEngine engine;
    private FaceModel faceModel;
    private byte[] fingerPng;
    private GreyImage fingerPixels;
    private byte[] boothFrame;
    private byte[] tightPortrait;
    private byte[] groupPhoto;

    @Setup(Level.Trial)
    public void loadModels() throws IOException {
        fingerPng = new GeneratedFingers(7).png(FINGER, 0);
        fingerPixels = new ImageDecoder(ImageLimits.DEFAULT).decode(fingerPng);
        Path models = FaceModels.directory();
        scratch = new ScratchEngine(FaceSettings.defaults().withModelDirectory(models));
        engine = scratch.engine();
        // The engine's own model is private to it; group photos need a second one (see groupPhotoFace).
        faceModel = FaceModels.open();
        groupPhoto = Files.readAllBytes(FacePhotos.fetch().getFirst());
        byte[] portrait = GroupPhotos.portraits(groupPhoto, faceModel).getFirst();
        boothFrame = BoothPhotos.framed(portrait);
        tightPortrait = PhotoVariant.tightCrop(faceModel, portrait);
    }

    @TearDown(Level.Trial)
    public void closeModels() {
        faceModel.close();
        scratch.close();
    }

    /** Baseline: SourceAFIS extraction from grey pixels decoded beforehand. */
    @Benchmark
    public FingerprintTemplate plainSourceAfisExtract() {
        return new FingerprintTemplate(new FingerprintImage(fingerPixels.width(), fingerPixels.height(),
                fingerPixels.pixels(), new FingerprintImageOptions().dpi(SyntheticFingerprints.DPI)));
    }

    /**
     * The second matcher's extraction beside SourceAFIS's: the print's ridge period, the Gabor
     * filter, Ridgeline's skeleton minutiae and their cylinder codes (issue 21's cost is this plus
     * {@link #plainSourceAfisExtract} over that alone).
     */
    @Benchmark
    public CylinderCode filteredSkeletonCylinders() {
        return CylinderEncoder.encode(SkeletonMinutiae.of(Enhancement.GABOR.apply(fingerPixels, SyntheticFingerprints.DPI),
                SyntheticFingerprints.DPI));
    }

    /** As {@link #filteredSkeletonCylinders}, the print first scaled to the natural ridge period. */
    @Benchmark
    public CylinderCode naturalSkeletonCylinders() {
        return CylinderEncoder.encode(SkeletonMinutiae.of(
                Enhancement.RESCALE_UNIFORM_GABOR.apply(fingerPixels, SyntheticFingerprints.DPI), SyntheticFingerprints.DPI));
    }

    /** The engine's fingerprint templating of the PNG, as the extract-template call runs it. */
    @Benchmark
    public TemplateEnvelope fingerprintTemplate() {
        return engine.template(Sample.fingerImage(RIGHT_INDEX, fingerPng, SyntheticFingerprints.DPI));
    }

    /** The engine's face templating of a booth frame, as enrollment and the extract-template call run it. */
    @Benchmark
    public TemplateEnvelope boothFaceTemplate() {
        return engine.template(Sample.faceImage(boothFrame));
    }

    /** The engine's face templating of a photo cut tight to the face (card chip photos, legacy records). */
    @Benchmark
    public TemplateEnvelope tightFaceTemplate() {
        return engine.template(Sample.faceImage(tightPortrait));
    }

    /**
     * A group photo as a probe: the face pipeline picking the largest face. The engine templates
     * only single-face photos outside a search, so this calls the pipeline its probes use.
     */
    @Benchmark
    public FaceCapture groupPhotoFace() {
        return faceModel.capture(groupPhoto, FaceSelection.LARGEST);
    }

    byte[] boothFrame() {
        return boothFrame;
    }

    byte[] tightPortrait() {
        return tightPortrait;
    }
}
