package dev.ridgeline.server.federation;

import dev.ridgeline.api.v1.CreateGalleryRequest;
import dev.ridgeline.api.v1.DeleteGalleryRequest;
import dev.ridgeline.api.v1.DeleteSubjectRequest;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.GalleriesGrpc;
import dev.ridgeline.api.v1.SubjectsGrpc;
import dev.ridgeline.api.v1.UpdateAttributesRequest;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Keeps partners' copies read-only for local callers: a request that would write a copy (enroll,
 * change attributes, delete a subject, create or delete the gallery) is refused with
 * FAILED_PRECONDITION naming the partner gallery it copies. Only the copy's subscription writes it,
 * through the engine directly. Searches and reads pass.
 */
final class ReadOnlyCopies implements ServerInterceptor {

    private final GalleryCopies copies;
    private final Map<String, Function<Object, String>> writes = new HashMap<>();

    ReadOnlyCopies(GalleryCopies copies) {
        this.copies = copies;
        write(SubjectsGrpc.getEnrollMethod(), EnrollRequest::getGallery);
        write(SubjectsGrpc.getBulkEnrollMethod(), EnrollRequest::getGallery);
        write(SubjectsGrpc.getUpdateAttributesMethod(), UpdateAttributesRequest::getGallery);
        write(SubjectsGrpc.getDeleteSubjectMethod(), DeleteSubjectRequest::getGallery);
        write(GalleriesGrpc.getCreateGalleryMethod(), CreateGalleryRequest::getName);
        write(GalleriesGrpc.getDeleteGalleryMethod(), DeleteGalleryRequest::getName);
    }

    @SuppressWarnings("unchecked")
    private <Q> void write(MethodDescriptor<Q, ?> method, Function<Q, String> galleryOf) {
        writes.put(method.getFullMethodName(), request -> galleryOf.apply((Q) request));
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        Function<Object, String> galleryOf = writes.get(call.getMethodDescriptor().getFullMethodName());
        if (galleryOf == null) {
            return next.startCall(call, headers);
        }
        return new SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
            private boolean refused;

            @Override
            public void onMessage(Q message) {
                if (refused) {
                    return;
                }
                String gallery = galleryOf.apply(message);
                Optional<Subscription> copy = copies.copy(gallery);
                if (copy.isEmpty()) {
                    super.onMessage(message);
                    return;
                }
                refused = true;
                call.close(Status.FAILED_PRECONDITION.withDescription("gallery '" + gallery + "' is a read-only copy of "
                        + copy.get().label() + ": only the partner's changes reach it (through its subscription)"),
                        new Metadata());
            }

            @Override
            public void onHalfClose() {
                if (!refused) {
                    super.onHalfClose();
                }
            }

            @Override
            public void onReady() {
                if (!refused) {
                    super.onReady();
                }
            }
        };
    }
}
