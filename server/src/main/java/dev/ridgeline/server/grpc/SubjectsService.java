package dev.ridgeline.server.grpc;

import dev.ridgeline.api.v1.BulkEnrollResponse;
import dev.ridgeline.api.v1.BulkEnrollResult;
import dev.ridgeline.api.v1.DeleteSubjectRequest;
import dev.ridgeline.api.v1.DeleteSubjectResponse;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.EnrollResponse;
import dev.ridgeline.api.v1.GetSubjectRequest;
import dev.ridgeline.api.v1.Subject;
import dev.ridgeline.api.v1.SubjectsGrpc;
import dev.ridgeline.api.v1.UpdateAttributesRequest;
import dev.ridgeline.engine.RidgelineEngine;
import dev.ridgeline.engine.gallery.SubjectView;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

final class SubjectsService extends SubjectsGrpc.SubjectsImplBase {

    /** Bounds one bulk stream's result list; a larger load is split into several streams. */
    static final int MAX_BULK_ITEMS = 100_000;

    private final RidgelineEngine engine;

    SubjectsService(RidgelineEngine engine) {
        this.engine = engine;
    }

    private SubjectView enroll(EnrollRequest request) {
        return engine.enroll(request.getGallery(), request.getSubjectId(), ProtoMapping.samples(request.getSamplesList()),
                request.getAttributesMap(), request.getCheckDuplicates());
    }

    @Override
    public void enroll(EnrollRequest request, StreamObserver<EnrollResponse> observer) {
        Statuses.answer(observer, () -> EnrollResponse.newBuilder()
                .setSubject(ProtoMapping.subject(enroll(request)))
                .build());
    }

    /** Each item is enrolled (durably) as it arrives; a failed item is reported and the stream goes on. */
    @Override
    public StreamObserver<EnrollRequest> bulkEnroll(StreamObserver<BulkEnrollResponse> observer) {
        BulkEnrollResponse.Builder response = BulkEnrollResponse.newBuilder();
        return new StreamObserver<>() {
            private int index;
            private boolean failed;

            @Override
            public void onNext(EnrollRequest request) {
                if (failed) {
                    return;
                }
                if (index >= MAX_BULK_ITEMS) {
                    failed = true;
                    observer.onError(Status.RESOURCE_EXHAUSTED.withDescription("a bulk stream takes at most "
                            + MAX_BULK_ITEMS + " items; the first " + MAX_BULK_ITEMS + " were processed")
                            .asRuntimeException());
                    return;
                }
                BulkEnrollResult.Builder result = BulkEnrollResult.newBuilder()
                        .setIndex(index++)
                        .setSubjectId(request.getSubjectId());
                try {
                    enroll(request);
                    response.setEnrolled(response.getEnrolled() + 1);
                } catch (RuntimeException e) {
                    Status status = Statuses.of(e);
                    result.setCode(status.getCode().value()).setMessage(status.getDescription());
                    response.setFailed(response.getFailed() + 1);
                }
                response.addResults(result);
            }

            @Override
            public void onError(Throwable t) {
                // The client went away: items already enrolled stay enrolled and durable.
            }

            @Override
            public void onCompleted() {
                if (!failed) {
                    observer.onNext(response.build());
                    observer.onCompleted();
                }
            }
        };
    }

    @Override
    public void getSubject(GetSubjectRequest request, StreamObserver<Subject> observer) {
        Statuses.answer(observer, () -> ProtoMapping.subject(engine.subject(request.getGallery(), request.getSubjectId())));
    }

    @Override
    public void updateAttributes(UpdateAttributesRequest request, StreamObserver<Subject> observer) {
        Statuses.answer(observer, () -> ProtoMapping.subject(
                engine.updateAttributes(request.getGallery(), request.getSubjectId(), request.getAttributesMap())));
    }

    @Override
    public void deleteSubject(DeleteSubjectRequest request, StreamObserver<DeleteSubjectResponse> observer) {
        Statuses.answer(observer, () -> {
            engine.deleteSubject(request.getGallery(), request.getSubjectId());
            return DeleteSubjectResponse.getDefaultInstance();
        });
    }
}
