package dev.ridgeline.server.grpc;

import dev.ridgeline.api.v1.BulkEnrollResult;
import dev.ridgeline.api.v1.DeleteSubjectRequest;
import dev.ridgeline.api.v1.DeleteSubjectResponse;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.EnrollResponse;
import dev.ridgeline.api.v1.GetSubjectRequest;
import dev.ridgeline.api.v1.Subject;
import dev.ridgeline.api.v1.SubjectsGrpc;
import dev.ridgeline.api.v1.UpdateAttributesRequest;
import dev.ridgeline.engine.Ridgeline;
import dev.ridgeline.engine.work.WorkClass;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;

final class SubjectsService extends SubjectsGrpc.SubjectsImplBase {

    private final Ridgeline engine;
    private final int maxBulkItems;
    private final CallScheduler scheduler;

    SubjectsService(Ridgeline engine, int maxBulkItems, CallScheduler scheduler) {
        this.engine = engine;
        this.maxBulkItems = maxBulkItems;
        this.scheduler = scheduler;
    }

    @Override
    public void enroll(EnrollRequest request, StreamObserver<EnrollResponse> observer) {
        scheduler.answer(WorkClass.ENROLLMENT, "enroll", request.getSamplesList(), observer, () -> EnrollResponse.newBuilder()
                .setSubject(ProtoMapping.subject(engine.enroll(request.getGallery(), request.getSubjectId(),
                        ProtoMapping.samples(request.getSamplesList()), request.getAttributesMap(),
                        request.getCheckDuplicates(), Context.current()::isCancelled)))
                .build());
    }

    @Override
    public StreamObserver<EnrollRequest> bulkEnroll(StreamObserver<BulkEnrollResult> observer) {
        return BulkEnrollStream.open(engine, observer, maxBulkItems, scheduler.items(WorkClass.BULK, "bulk-enroll-item"));
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
