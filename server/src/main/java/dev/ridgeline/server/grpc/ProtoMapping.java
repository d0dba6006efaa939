package dev.ridgeline.server.grpc;

import com.google.protobuf.Timestamp;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.Filter;
import dev.ridgeline.api.v1.GalleryInfo;
import dev.ridgeline.api.v1.MemberStatus;
import dev.ridgeline.api.v1.Modality;
import dev.ridgeline.api.v1.PostgresStatus;
import dev.ridgeline.api.v1.SearchCoverage;
import dev.ridgeline.api.v1.ModalityScore;
import dev.ridgeline.api.v1.Subject;
import dev.ridgeline.cluster.ClusterStatus;
import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.NewSubject;
import dev.ridgeline.engine.Sample;
import dev.ridgeline.engine.gallery.AttributeFilter;
import dev.ridgeline.engine.gallery.GalleryDescription;
import dev.ridgeline.engine.gallery.GalleryStats;
import dev.ridgeline.engine.gallery.SubjectView;
import dev.ridgeline.engine.gallery.TemplateInfo;
import dev.ridgeline.engine.match.Coverage;
import dev.ridgeline.engine.match.Decision;
import dev.ridgeline.engine.match.ProbeFace;
import dev.ridgeline.engine.match.ProbeFingerQuality;
import dev.ridgeline.engine.template.TemplateEnvelope;
import dev.ridgeline.api.v1.TemplateFormat;
import dev.ridgeline.engine.finger.CompactCardTemplate;
import dev.ridgeline.engine.finger.StandardTemplates;
import java.time.Instant;
import java.util.List;

/** Converts between the ridgeline.v1 messages and engine types; the only place that knows both. */
public final class ProtoMapping {

    private ProtoMapping() {
    }

    public static Sample sample(dev.ridgeline.api.v1.Sample sample) {
        return switch (sample.getSourceCase()) {
            case IMAGE -> new Sample(imageModality(sample.getModality()), sample.getFingerPosition(),
                    sample.getImage().getData().toByteArray(), sample.getImage().getDpi(), null);
            case TEMPLATE -> new Sample(modality(sample.getModality()), sample.getFingerPosition(), null, 0,
                    template(sample.getTemplate().toByteArray(), sample.getTemplateFormat(), sample.getFingerPosition()));
            case SOURCE_NOT_SET -> throw EngineException.invalid("sample holds neither an image nor a template");
        };
    }

    /**
     * Template bytes as the engine reads them: envelopes and ISO/ANSI records are recognised from
     * their bytes (RIDGELINE_ENVELOPE, the default, takes either), and a record declared ISO or
     * ANSI must be one; compact card minutiae, which carry no header, become an envelope here.
     */
    static byte[] template(byte[] bytes, TemplateFormat format, int position) {
        return switch (format) {
            case RIDGELINE_ENVELOPE -> bytes;
            case ISO_19794_2_2005 -> declared(bytes, StandardTemplates.Format.ISO_19794_2_2005);
            case ANSI_378_2004 -> declared(bytes, StandardTemplates.Format.ANSI_378_2004);
            case ANSI_378_2009 -> declared(bytes, StandardTemplates.Format.ANSI_378_2009);
            case ISO_19794_2_COMPACT_CARD -> CompactCardTemplate.importCard(bytes, position).toBytes();
            case UNRECOGNIZED -> throw EngineException.invalid("unknown template format value");
        };
    }

    private static byte[] declared(byte[] bytes, StandardTemplates.Format format) {
        StandardTemplates.requireDeclared(bytes, format);
        return bytes;
    }

    static NewSubject newSubject(EnrollRequest request) {
        return new NewSubject(request.getGallery(), request.getSubjectId(), samples(request.getSamplesList()),
                request.getAttributesMap(), request.getCheckDuplicates());
    }

    public static List<Sample> samples(List<dev.ridgeline.api.v1.Sample> samples) {
        return samples.stream().map(ProtoMapping::sample).toList();
    }

    /**
     * An image says nothing of what it shows, so it must name its modality: guessing fingerprint
     * would template a face photo as a finger and answer with a meaningless score.
     */
    private static dev.ridgeline.engine.template.Modality imageModality(Modality modality) {
        if (modality == Modality.MODALITY_UNSPECIFIED) {
            throw EngineException.invalid("a sample with an image must set its modality: FINGERPRINT or FACE");
        }
        return modality(modality);
    }

    /** Unspecified means fingerprint for a template, whose own bytes say what it holds. */
    static dev.ridgeline.engine.template.Modality modality(Modality modality) {
        return switch (modality) {
            case FACE -> dev.ridgeline.engine.template.Modality.FACE;
            case FINGERPRINT, MODALITY_UNSPECIFIED -> dev.ridgeline.engine.template.Modality.FINGERPRINT;
            case UNRECOGNIZED -> throw EngineException.invalid("unknown modality value");
        };
    }

    static Modality modality(dev.ridgeline.engine.template.Modality modality) {
        return switch (modality) {
            case FINGERPRINT -> Modality.FINGERPRINT;
            case FACE -> Modality.FACE;
        };
    }

    static AttributeFilter filter(Filter filter) {
        return new AttributeFilter(filter.getAllOfList().stream()
                .map(c -> new AttributeFilter.Clause(c.getAttribute(), c.getAnyOfList(), c.getNegate()))
                .toList());
    }

    static dev.ridgeline.api.v1.TemplateInfo templateInfo(TemplateInfo info) {
        return dev.ridgeline.api.v1.TemplateInfo.newBuilder()
                .setModality(modality(info.modality()))
                .setAlgorithm(info.algorithm())
                .setAlgorithmVersion(info.algorithmVersion())
                .setFingerPosition(info.position())
                .setQuality(info.quality())
                .setFeatureCount(info.featureCount())
                .setSizeBytes(info.sizeBytes())
                .build();
    }

    static dev.ridgeline.api.v1.TemplateInfo templateInfo(TemplateEnvelope envelope) {
        return templateInfo(TemplateInfo.of(envelope));
    }

    public static Subject subject(SubjectView view) {
        return Subject.newBuilder()
                .setGallery(view.gallery())
                .setSubjectId(view.subjectId())
                .putAllAttributes(view.attributes())
                .addAllTemplates(view.templates().stream().map(ProtoMapping::templateInfo).toList())
                .setEnrolled(timestamp(view.enrolled()))
                .build();
    }

    static GalleryInfo galleryInfo(GalleryDescription gallery) {
        GalleryStats stats = gallery.stats();
        return GalleryInfo.newBuilder()
                .setName(gallery.name())
                .setShards(gallery.config().shards())
                .setDefaultTargetFmr(gallery.config().defaultTargetFmr())
                .setSubjects(stats.subjects())
                .setTemplates(stats.templates())
                .addAllTemplatesPerShard(stats.templatesPerShard())
                .setTemplateMemoryBytes(stats.templateMemoryBytes())
                .setCreated(timestamp(gallery.config().created()))
                .build();
    }

    static SearchCoverage coverage(Coverage coverage) {
        return SearchCoverage.newBuilder()
                .setMembers(coverage.members())
                .setPartitionsCovered(coverage.partitionsCovered())
                .setPartitions(coverage.partitionCount())
                .setAttempts(coverage.attempts())
                .build();
    }

    static dev.ridgeline.api.v1.ClusterStatus clusterStatus(ClusterStatus status) {
        ClusterStatus.Postgres postgres = status.postgres();
        return dev.ridgeline.api.v1.ClusterStatus.newBuilder()
                .setClusterName(status.clusterName())
                .setPartitions(status.partitionCount())
                .setBackups(status.backupCount())
                .setSafe(status.safe())
                .setMigrationsInFlight(status.migrationsInFlight())
                .addAllMembers(status.members().stream().map(member -> MemberStatus.newBuilder()
                        .setAddress(member.address())
                        .setAnswering(member.answering())
                        .setPartitionsOwned(member.ownedPartitions())
                        .setSubjects(member.subjects())
                        .setHeapUsedBytes(member.heapUsedBytes())
                        .build()).toList())
                .setPostgres(PostgresStatus.newBuilder()
                        .setUrl(postgres.url())
                        .setReachable(postgres.reachable())
                        .setError(postgres.error() == null ? "" : postgres.error())
                        .setRoundTripMs(postgres.roundTripMillis())
                        .setReplicas(postgres.replicas())
                        .setMaxReplayLagMs(postgres.maxReplayLagMillis()))
                .build();
    }

    public static dev.ridgeline.api.v1.Decision decision(Decision decision) {
        return dev.ridgeline.api.v1.Decision.newBuilder()
                .setMatch(decision.match())
                .setScore(decision.score())
                .setThreshold(decision.threshold())
                .setTargetFmr(decision.targetFmr())
                .build();
    }

    static dev.ridgeline.api.v1.ProbeFace probeFace(ProbeFace face) {
        dev.ridgeline.api.v1.ProbeFace.Builder message = dev.ridgeline.api.v1.ProbeFace.newBuilder()
                .setQuality(face.quality());
        face.outsideFraction().ifPresent(message::setOutsideFraction);
        return message.build();
    }

    static List<dev.ridgeline.api.v1.ProbeFinger> probeFingers(List<ProbeFingerQuality> fingers) {
        return fingers.stream().map(finger -> dev.ridgeline.api.v1.ProbeFinger.newBuilder()
                .setFingerPosition(finger.position()).setQuality(finger.quality()).build()).toList();
    }

    static List<ModalityScore> scores(List<dev.ridgeline.engine.match.ModalityScore> scores) {
        return scores.stream().map(score -> ModalityScore.newBuilder()
                .setModality(modality(score.modality()))
                .setScore(score.score())
                .setProbePosition(score.probePosition())
                .setReferencePosition(score.referencePosition())
                .build()).toList();
    }

    public static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
