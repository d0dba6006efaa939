package dev.ridgeline.engine;

import dev.ridgeline.engine.SampleTemplating.Templated;
import dev.ridgeline.engine.SampleTemplating.Use;
import dev.ridgeline.engine.gallery.Attributes;
import dev.ridgeline.engine.gallery.GalleryConfig;
import dev.ridgeline.engine.gallery.SubjectRecord;
import dev.ridgeline.engine.match.Coverage;
import dev.ridgeline.engine.match.Decision;
import dev.ridgeline.engine.match.Identification;
import dev.ridgeline.engine.match.Matchable;
import dev.ridgeline.engine.match.Probe;
import dev.ridgeline.engine.match.ProbeFace;
import dev.ridgeline.engine.match.ProbeFingerQuality;
import dev.ridgeline.engine.match.RankedCandidate;
import dev.ridgeline.engine.match.ScoreFusion;
import dev.ridgeline.engine.match.SubjectFold;
import dev.ridgeline.engine.match.SubjectScore;
import dev.ridgeline.engine.match.ThresholdTable;
import dev.ridgeline.engine.match.Verification;
import dev.ridgeline.engine.template.Modality;
import dev.ridgeline.engine.template.TemplateEnvelope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Map;

/**
 * What every Ridgeline front does the same way, wherever its galleries live (one node's, or a
 * cluster's): samples to checked templates and probes, 1:1 scores against a subject's or card's
 * templates, and the decisions at an operating point.
 */
public final class SampleMatching implements AutoCloseable {

    public static final int MAX_RESULTS = 1000;

    /**
     * A 1:N probe, the templates it was made of (what a cluster sends to its members, sealed), and
     * the qualities of its face (null: none) and fingers, which the answer reports.
     */
    public record SearchProbe(Probe probe, List<TemplateEnvelope> templates, ProbeFace face,
                              List<ProbeFingerQuality> fingers) {
    }

    private final SampleTemplating templating;
    private final ScoreFusion fusion = ScoreFusion.shipped();

    public SampleMatching(EngineConfig config) {
        this.templating = new SampleTemplating(config);
    }

    public ScoreFusion fusion() {
        return fusion;
    }

    public boolean facesAvailable() {
        return templating.facesAvailable();
    }

    /** Images taken up for templating since start (refused ones too). */
    public long imagesTemplated() {
        return templating.imagesTemplated();
    }

    public String fingerprintThresholdVersion() {
        return fusion.table(Modality.FINGERPRINT).version();
    }

    public String faceThresholdVersion() {
        return fusion.table(Modality.FACE).version();
    }

    /** Checks that both modalities have a threshold at a gallery's default FMR (0: the default default). */
    public double galleryTargetFmr(double requested) {
        double fmr = requested == 0 ? GalleryConfig.DEFAULT_TARGET_FMR : requested;
        fusion.table(Modality.FINGERPRINT).threshold(fmr);
        fusion.table(Modality.FACE).threshold(fmr);
        return fmr;
    }

    /** Templates one sample as enrollment would, for cards and clients that match themselves. */
    public TemplateEnvelope template(Sample sample) {
        return templating.templated(sample, Use.ENROLLMENT).envelope();
    }

    /** Templates one probe sample as a search would (the largest or most central face of a photo). */
    public TemplateEnvelope probeTemplate(Sample sample) {
        return templating.templated(sample, Use.PROBE).envelope();
    }

    /** The record an enrollment writes: id, attributes and samples checked, samples templated. */
    public SubjectRecord enrollmentRecord(String subjectId, List<Sample> samples, Map<String, String> attributes) {
        SubjectRecord.checkId(subjectId);
        Map<String, String> validated = Attributes.validated(attributes);
        return record(subjectId, validated, templates(samples, "enrollment", Use.ENROLLMENT));
    }

    static SubjectRecord record(String subjectId, Map<String, String> attributes, List<Templated> templated) {
        return new SubjectRecord(subjectId, attributes, templated.stream().map(Templated::envelope).toList(),
                Instant.now());
    }

    /** A 1:N probe. */
    public SearchProbe searchProbe(List<Sample> samples) {
        List<Templated> templated = templates(samples, "a probe", Use.PROBE);
        return new SearchProbe(probe(templated), templated.stream().map(Templated::envelope).toList(),
                templating.probeFace(templated), SampleTemplating.probeFingers(templated));
    }

    List<Templated> templates(List<Sample> samples, String purpose, Use use) {
        if (samples.isEmpty()) {
            throw EngineException.invalid(purpose + " needs at least one sample");
        }
        if (samples.size() > SubjectRecord.MAX_TEMPLATES) {
            throw EngineException.invalid(purpose + " takes at most " + SubjectRecord.MAX_TEMPLATES
                    + " samples, got " + samples.size());
        }
        List<Templated> templated = templated(samples, use);
        if (templated.stream().filter(t -> t.matchable() instanceof Matchable.Face).count() > 1) {
            throw EngineException.invalid(purpose + " takes at most one face, got several face samples");
        }
        return templated;
    }

    /** Templates every sample; a failure names the sample when there are several. */
    private List<Templated> templated(List<Sample> samples, Use use) {
        List<Templated> templated = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            try {
                templated.add(templating.templated(samples.get(i), use));
            } catch (EngineException e) {
                throw samples.size() == 1 ? e
                        : new EngineException(e.kind(), "sample " + i + ": " + e.getMessage(), e);
            }
        }
        return templated;
    }

    /** A probe for a 1:N search (or a duplicate check). */
    Probe probe(List<Templated> templated) {
        return Probe.of(matchables(templated), fusion);
    }

    /** The probe of a 1:1, templated, with its operating point checked. */
    public VerificationProbe verificationProbe(List<Sample> samples, double fmr) {
        List<Templated> templated = templates(samples, "a probe", Use.PROBE);
        Probe probe = Probe.forVerification(matchables(templated), fusion);
        fusion.checkOperatingPoint(probe, fmr);
        return new VerificationProbe(templated, probe);
    }

    public record VerificationProbe(List<Templated> templated, Probe probe) {

        /** The probe's templates, for a scorer elsewhere (a cluster member holding the subject). */
        public List<TemplateEnvelope> templates() {
            return templated.stream().map(Templated::envelope).toList();
        }
    }

    /**
     * The decision on an enrolled subject's score, with the qualities of the probe's face and
     * fingers; {@code score} is empty when nothing in the probe compares with the subject.
     */
    public Verification verification(VerificationProbe probe, Optional<SubjectScore> score, String subjectId,
                                     double fmr) {
        return verification(probe, score.orElseThrow(() -> EngineException.invalid(
                "nothing in the probe compares with subject '" + subjectId
                        + "': it holds other modalities or other finger positions")), fmr);
    }

    private Verification verification(VerificationProbe probe, SubjectScore score, double fmr) {
        return new Verification(fusion.decide(probe.probe(), score.score(), fmr), score.modalities(),
                templating.probeFace(probe.templated()), SampleTemplating.probeFingers(probe.templated()));
    }

    /** 1:1 against templates read from a card at {@code targetFmr} (0: the default): nothing enrolled is involved. */
    public Verification verifyCard(List<Sample> probeSamples, List<byte[]> cardTemplates, double targetFmr) {
        if (cardTemplates.isEmpty()) {
            throw EngineException.invalid("the card holds no templates");
        }
        if (cardTemplates.size() > SubjectRecord.MAX_TEMPLATES) {
            throw EngineException.invalid("a card holds at most " + SubjectRecord.MAX_TEMPLATES
                    + " templates, as an enrolled subject does; got " + cardTemplates.size());
        }
        return verifyAgainst(probeSamples, cardTemplates, "the card's templates",
                targetFmr == 0 ? GalleryConfig.DEFAULT_TARGET_FMR : targetFmr);
    }

    /** @param reference what the templates are, for the message when nothing in the probe compares with them */
    private Verification verifyAgainst(List<Sample> probeSamples, List<byte[]> references, String reference,
                                       double fmr) {
        VerificationProbe probe = verificationProbe(probeSamples, fmr);
        SubjectFold fold = new SubjectFold(probe.probe());
        for (Templated template : templated(references.stream().map(bytes -> Sample.template(0, bytes)).toList(),
                Use.PROBE)) {
            switch (template.matchable()) {
                case Matchable.Finger finger -> fold.compareFinger(finger.position(), finger.template());
                case Matchable.Face face -> fold.compareFace(face.stored().values(), 0, face.stored().scale());
            }
        }
        SubjectScore score = fold.score(reference);
        if (score == null) {
            throw EngineException.invalid("nothing in the probe compares with " + reference
                    + ": they hold other modalities or other finger positions than the probe");
        }
        return verification(probe, score, fmr);
    }

    /** Refuses an enrollment whose best match in its gallery is a match at the gallery's FMR. */
    public void refuseDuplicate(Probe probe, List<SubjectScore> best, double fmr) {
        for (SubjectScore score : best) {
            Decision decision = fusion.decide(probe, score.score(), fmr);
            if (decision.match()) {
                throw EngineException.alreadyExists(String.format(Locale.ROOT,
                        "duplicate enrollment: the samples match enrolled subject '%s' (score %.3f >= threshold %.3f at FMR %.0e)",
                        score.subjectId(), score.score(), decision.threshold(), fmr));
            }
        }
    }

    /** Checks an identify request's size and operating point; returns how many candidates to keep. */
    public int checkIdentify(Probe probe, int maxResults, double targetFmr, double targetFpir, double galleryFmr) {
        if (maxResults < 0 || maxResults > MAX_RESULTS) {
            throw EngineException.invalid("max results must be 1-" + MAX_RESULTS + " (0 means 10), got " + maxResults);
        }
        if (targetFmr != 0 && targetFpir != 0) {
            throw EngineException.invalid("give a target FMR or a target FPIR, not both");
        }
        if (targetFpir == 0) {
            fusion.checkOperatingPoint(probe, targetFmr == 0 ? galleryFmr : targetFmr);
        }
        return maxResults == 0 ? 10 : maxResults;
    }

    /**
     * The 1:N answer: candidates decided at a per-comparison {@code targetFmr} (0: the gallery's)
     * or, when {@code targetFpir} is set, at the FMR that gives the whole search that FPIR over
     * the templates it compared.
     */
    public Identification identification(SearchProbe searchProbe, List<SubjectScore> ranked, long searched,
                                         double targetFmr, double targetFpir, double galleryFmr,
                                         boolean includeNonMatches, Coverage coverage) {
        Probe probe = searchProbe.probe();
        double fmr = targetFpir != 0 ? fmrForFpir(probe, targetFpir, searched)
                : targetFmr == 0 ? galleryFmr : targetFmr;
        List<RankedCandidate> candidates = new ArrayList<>();
        for (SubjectScore score : ranked) {
            Decision decision = fusion.decide(probe, score.score(), fmr);
            if (decision.match() || includeNonMatches) {
                candidates.add(new RankedCandidate(candidates.size() + 1, score, decision));
            }
        }
        return new Identification(candidates, searched, fusion.threshold(probe, fmr), fmr, targetFpir, coverage,
                searchProbe.face(), searchProbe.fingers());
    }

    private double fmrForFpir(Probe probe, double targetFpir, long searched) {
        double fmr = ThresholdTable.fmrForFpir(targetFpir, searched);
        try {
            fusion.checkOperatingPoint(probe, fmr);
        } catch (EngineException e) {
            throw EngineException.invalid(String.format(Locale.ROOT,
                    "target FPIR %s over %d templates needs a per-comparison FMR of %.1e: %s", targetFpir, searched,
                    fmr, e.getMessage()));
        }
        return fmr;
    }

    private static List<Matchable> matchables(List<Templated> templated) {
        return templated.stream().map(Templated::matchable).toList();
    }

    @Override
    public void close() {
        templating.close();
    }
}
