package dev.ridgeline.benchmarks;

import static dev.ridgeline.benchmarks.GeneratedFingers.RIGHT_INDEX;

import com.machinezoo.sourceafis.FingerprintMatcher;
import com.machinezoo.sourceafis.FingerprintTemplate;
import dev.ridgeline.engine.FaceSettings;
import dev.ridgeline.engine.RidgelineEngine;
import dev.ridgeline.engine.Sample;
import dev.ridgeline.engine.finger.FingerprintTemplates;
import dev.ridgeline.engine.finger.VerificationMatcher;
import dev.ridgeline.engine.gallery.Gallery;
import dev.ridgeline.engine.match.Probe;
import dev.ridgeline.engine.match.ProbeFinger;
import dev.ridgeline.engine.match.SubjectScore;
import dev.ridgeline.engine.match.Verification;
import dev.ridgeline.engine.mcc.CylinderCode;
import dev.ridgeline.engine.mcc.CylinderEncoder;
import dev.ridgeline.engine.mcc.CylinderMatcher;
import dev.ridgeline.engine.template.TemplateEnvelope;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Fingerprint 1:1, in microseconds per verification: a booth's probe finger, sent as a template,
 * against one enrolled subject. Plain SourceAFIS and Ridgeline side by side at two depths: the
 * comparison alone, with the probe's matcher already built, and the whole verification from the
 * probe's serialized template (where plain SourceAFIS pays for building its matcher, about 1.4 ms,
 * and Ridgeline's 1:1 does not).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
public class FingerprintMatchBenchmark {

    static final String GALLERY = "booth";
    static final String SUBJECT = "traveller-1";
    /** Generated finger 3: impression 0 is enrolled, impression 1 is what the booth reads. */
    private static final int FINGER = 3;

    private ScratchEngine scratch;
    private RidgelineEngine engine;
    private Gallery gallery;
    private FingerprintTemplate enrolled;
    private byte[] probePayload;
    private FingerprintMatcher prebuiltMatcher;
    private Probe prebuiltProbe;
    private List<Sample> probeSample;
    private List<byte[]> card;
    private final CylinderMatcher cylinderMatcher = CylinderMatcher.standard();
    private CylinderCode probeCylinders;
    private CylinderCode enrolledCylinders;

    @Setup(Level.Trial)
    public void enroll() {
        GeneratedFingers fingers = new GeneratedFingers(7);
        TemplateEnvelope reference = fingers.envelope(FINGER, 0, RIGHT_INDEX);
        TemplateEnvelope probe = fingers.envelope(FINGER, 1, RIGHT_INDEX);
        scratch = new ScratchEngine(FaceSettings.defaults());
        engine = scratch.engine();
        engine.createGallery(GALLERY, 1, 0);
        engine.enroll(GALLERY, SUBJECT, List.of(Sample.template(RIGHT_INDEX, reference.toBytes())), Map.of(), false);
        gallery = engine.gallery(GALLERY);
        enrolled = FingerprintTemplates.matchable(reference);
        probePayload = probe.payload();
        FingerprintTemplate probeTemplate = FingerprintTemplates.matchable(probe);
        prebuiltMatcher = new FingerprintMatcher(probeTemplate);
        prebuiltProbe = Probe.ofFingers(List.of(new ProbeFinger(RIGHT_INDEX, probeTemplate)));
        probeSample = List.of(Sample.template(RIGHT_INDEX, probe.toBytes()));
        card = List.of(reference.toBytes());
        probeCylinders = CylinderEncoder.encode(FingerprintTemplates.minutiae(probeTemplate));
        enrolledCylinders = CylinderEncoder.encode(FingerprintTemplates.minutiae(enrolled));
    }

    @TearDown(Level.Trial)
    public void closeEngine() {
        scratch.close();
    }

    /** Baseline of the comparison: {@code FingerprintMatcher.match} with the probe's matcher built. */
    @Benchmark
    public double plainSourceAfisMatch() {
        return prebuiltMatcher.match(enrolled);
    }

    /**
     * The second matcher's comparison, Minutia Cylinder-Code with LSSR, both fingers' cylinders
     * made: what it adds to a 1:1 whose templates carry their cylinders.
     */
    @Benchmark
    public double cylinderCodeMatch() {
        return cylinderMatcher.score(probeCylinders, enrolledCylinders);
    }

    /** Making one finger's cylinders from its SourceAFIS template (minutiae read, then encoded). */
    @Benchmark
    public CylinderCode cylinderCodeEncode() {
        return CylinderEncoder.encode(FingerprintTemplates.minutiae(enrolled));
    }

    /** Ridgeline's comparison with the probe built: shard lookup, snapshot, subject fold and score. */
    @Benchmark
    public Optional<SubjectScore> galleryVerify() {
        return gallery.verify(prebuiltProbe, SUBJECT);
    }

    /** Baseline of a whole 1:1: deserialize the probe, build its matcher, match the enrolled template. */
    @Benchmark
    public double plainSourceAfisVerify() {
        return new FingerprintMatcher(new FingerprintTemplate(probePayload)).match(enrolled);
    }

    /**
     * Ridgeline's 1:1 from the probe's bytes: deserialize, {@link VerificationMatcher} (SourceAFIS's
     * score without its full edge hash), match the enrolled template.
     */
    @Benchmark
    public double verificationMatcherVerify() {
        return new VerificationMatcher(new FingerprintTemplate(probePayload)).match(enrolled);
    }

    /**
     * The booth's call, {@code verifySubject} with a template: envelope checks, deserialization,
     * matcher, comparison, decision at the gallery's operating point.
     */
    @Benchmark
    public Verification engineVerifySubject() {
        return engine.verifySubject(probeSample, GALLERY, SUBJECT, 0);
    }

    /** 1:1 against a card's template: as {@link #engineVerifySubject()}, plus deserializing the card's finger. */
    @Benchmark
    public Verification engineVerifyCard() {
        return engine.verifyCard(probeSample, card, 0);
    }
}
