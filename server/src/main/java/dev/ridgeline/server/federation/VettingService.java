package dev.ridgeline.server.federation;

import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.FederatedIdentifyRequest;
import dev.ridgeline.api.v1.FederatedIdentifyResponse;
import dev.ridgeline.api.v1.GetVettingRequest;
import dev.ridgeline.api.v1.VettedEnrollRequest;
import dev.ridgeline.api.v1.VettedEnrollResponse;
import dev.ridgeline.api.v1.VettingAction;
import dev.ridgeline.api.v1.VettingGrpc;
import dev.ridgeline.api.v1.VettingOutcome;
import dev.ridgeline.api.v1.VettingRecord;
import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.Ridgeline;
import dev.ridgeline.engine.gallery.Attributes;
import dev.ridgeline.engine.gallery.SubjectRecord;
import dev.ridgeline.engine.gallery.SubjectView;
import dev.ridgeline.engine.work.WorkClass;
import dev.ridgeline.server.grpc.CallScheduler;
import dev.ridgeline.server.grpc.ProtoMapping;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Enrollment into a joint programme, vetted by both sides: the applicant is checked for duplicates
 * in the programme's galleries and against the look-out lists it names, here and at partners, in
 * one federated identify under one deadline. Clear enrolls; a hit or an incomplete check refuses
 * or holds per the programme's rule, and a held applicant is enrolled in the hold gallery, never
 * in the programme's. The outcome is stored (the subject's {@code status}, and a durable vetting
 * record) and answered.
 */
final class VettingService extends VettingGrpc.VettingImplBase {

    /** The status attribute of a member whose vetting was clear. */
    static final String CLEARED = "VETTED-CLEAR";
    /** The status attribute of an applicant held for review. */
    static final String HELD = "VETTING-HOLD";

    private final Map<String, Programme> programmes;
    private final FederatedMatchingService matching;
    private final Ridgeline engine;
    private final CallScheduler scheduler;
    private final VettingRecords records;

    VettingService(Map<String, Programme> programmes, FederatedMatchingService matching, Ridgeline engine,
                   CallScheduler scheduler, VettingRecords records) {
        this.programmes = programmes;
        this.matching = matching;
        this.engine = engine;
        this.scheduler = scheduler;
        this.records = records;
    }

    @Override
    public void vettedEnroll(VettedEnrollRequest request, StreamObserver<VettedEnrollResponse> observer) {
        Programme programme = programmes.get(request.getProgramme());
        EnrollRequest enrollment = request.getEnrollment();
        Status refusal = null;
        if (programme == null) {
            refusal = Status.NOT_FOUND.withDescription("no programme '" + request.getProgramme()
                    + "' in the programme file (it names: " + String.join(", ", new TreeSet<>(programmes.keySet()))
                    + ")");
        } else if (!enrollment.getGallery().equals(programme.gallery())) {
            refusal = Status.INVALID_ARGUMENT.withDescription("programme '" + programme.name() + "' enrolls into gallery '"
                    + programme.gallery() + "', not '" + enrollment.getGallery() + "'");
        } else if (enrollment.containsAttributes(Attributes.STATUS)) {
            refusal = Status.INVALID_ARGUMENT.withDescription(
                    "the status attribute of a vetted enrollment is the vetting's (" + CLEARED + " or " + HELD + ")");
        } else if (enrollment.getSamplesCount() == 0) {
            refusal = Status.INVALID_ARGUMENT.withDescription("a vetted enrollment carries the applicant's samples");
        } else {
            refusal = malformed(enrollment);
        }
        if (refusal != null) {
            observer.onError(refusal.asRuntimeException());
            return;
        }
        Context call = Context.current();
        FederatedIdentifyRequest checks = FederatedIdentifyRequest.newBuilder()
                .addAllGalleries(programme.checkedGalleries())
                .addAllProbe(enrollment.getSamplesList())
                .setPurpose(programme.purpose() == null ? "" : programme.purpose())
                .setPartnerDeadlineMs(request.getPartnerDeadlineMs())
                .build();
        matching.search(checks, WorkClass.ENROLLMENT, "vetting", new StreamObserver<>() {
            @Override
            public void onNext(FederatedIdentifyResponse checked) {
                // the enrollment is work of its own, in the call's context (deadline, cancellation, caller)
                call.run(() -> scheduler.answer(WorkClass.ENROLLMENT, "vetted-enroll", enrollment.getSamplesList(),
                        observer, () -> decide(programme, enrollment, checked, call)));
            }

            @Override
            public void onError(Throwable t) {
                observer.onError(t);
            }

            @Override
            public void onCompleted() {
                // answered from onNext
            }
        });
    }

    /** Refuses a subject id or attribute the enrollment would refuse, before any partner is asked; null when well-formed. */
    private static Status malformed(EnrollRequest enrollment) {
        try {
            SubjectRecord.checkId(enrollment.getSubjectId());
            Attributes.validated(enrollment.getAttributesMap());
            return null;
        } catch (EngineException e) {
            return Status.INVALID_ARGUMENT.withDescription(e.getMessage());
        }
    }

    /** Applies the programme's rule to the checks, enrolls as it says, stores the record and answers. */
    private VettedEnrollResponse decide(Programme programme, EnrollRequest enrollment, FederatedIdentifyResponse checked,
                                        Context call) {
        boolean hit = checked.getHitsCount() > 0;
        VettingOutcome outcome = hit ? VettingOutcome.HIT
                : checked.getComplete() ? VettingOutcome.CLEAR : VettingOutcome.INCOMPLETE;
        VettingAction action = action(programme, hit, checked.getComplete());
        VettedEnrollResponse.Builder response = VettedEnrollResponse.newBuilder();
        String enrolledIn = "";
        if (action != VettingAction.REFUSED) {
            boolean cleared = action == VettingAction.ENROLLED;
            enrolledIn = cleared ? programme.gallery() : programme.holdGallery();
            Map<String, String> attributes = new HashMap<>(enrollment.getAttributesMap());
            attributes.put(Attributes.STATUS, cleared ? CLEARED : HELD);
            // a member's gallery is checked again under its lock: a duplicate enrolled meanwhile is still refused
            SubjectView subject = engine.enroll(enrolledIn, enrollment.getSubjectId(),
                    ProtoMapping.samples(enrollment.getSamplesList()), attributes, cleared, call::isCancelled);
            response.setSubject(ProtoMapping.subject(subject));
        }
        VettingRecord record = VettingRecord.newBuilder()
                .setProgramme(programme.name())
                .setGallery(programme.gallery())
                .setSubjectId(enrollment.getSubjectId())
                .setOutcome(outcome)
                .setAction(action)
                .setEnrolledIn(enrolledIn)
                .addAllHits(checked.getHitsList())
                .addAllPartnersUnavailable(checked.getPartnersUnavailableList())
                .setCorrelationId(checked.getCorrelationId())
                .setVetted(ProtoMapping.timestamp(Instant.now()))
                .build();
        records.append(record);
        return response.setVetting(record).build();
    }

    /** Clear enrolls; otherwise the stricter of the rules that apply. */
    private static VettingAction action(Programme programme, boolean hit, boolean complete) {
        if (!hit && complete) {
            return VettingAction.ENROLLED;
        }
        boolean refuse = (hit && programme.onHit() == Programme.Rule.REFUSE)
                || (!complete && programme.onIncomplete() == Programme.Rule.REFUSE);
        return refuse ? VettingAction.REFUSED : VettingAction.HELD;
    }

    @Override
    public void getVetting(GetVettingRequest request, StreamObserver<VettingRecord> observer) {
        records.latest(request.getGallery(), request.getSubjectId()).ifPresentOrElse(record -> {
            observer.onNext(record);
            observer.onCompleted();
        }, () -> observer.onError(Status.NOT_FOUND.withDescription("no vetting of subject '" + request.getSubjectId()
                + "' for gallery '" + request.getGallery() + "'").asRuntimeException()));
    }
}
