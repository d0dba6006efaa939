package dev.ridgeline.server.grpc;

import dev.ridgeline.api.v1.CreateGalleryRequest;
import dev.ridgeline.api.v1.DeleteGalleryRequest;
import dev.ridgeline.api.v1.DeleteGalleryResponse;
import dev.ridgeline.api.v1.DescribeGalleryRequest;
import dev.ridgeline.api.v1.GalleriesGrpc;
import dev.ridgeline.api.v1.GalleryInfo;
import dev.ridgeline.api.v1.ListGalleriesRequest;
import dev.ridgeline.api.v1.ListGalleriesResponse;
import dev.ridgeline.engine.Ridgeline;
import dev.ridgeline.server.security.Caller;
import io.grpc.stub.StreamObserver;

final class GalleriesService extends GalleriesGrpc.GalleriesImplBase {

    private final Ridgeline engine;

    GalleriesService(Ridgeline engine) {
        this.engine = engine;
    }

    @Override
    public void createGallery(CreateGalleryRequest request, StreamObserver<GalleryInfo> observer) {
        Statuses.answer(observer, () -> {
            engine.createGallery(request.getName(), request.getShards(), request.getDefaultTargetFmr());
            return ProtoMapping.galleryInfo(engine.describeGallery(request.getName()));
        });
    }

    @Override
    public void listGalleries(ListGalleriesRequest request, StreamObserver<ListGalleriesResponse> observer) {
        Caller caller = Caller.current(); // lists only the galleries the caller holds a role on
        Statuses.answer(observer, () -> ListGalleriesResponse.newBuilder()
                .addAllGalleries(engine.describeGalleries().stream()
                        .filter(gallery -> caller.maySee(gallery.name()))
                        .map(ProtoMapping::galleryInfo)
                        .toList())
                .build());
    }

    @Override
    public void describeGallery(DescribeGalleryRequest request, StreamObserver<GalleryInfo> observer) {
        Statuses.answer(observer, () -> ProtoMapping.galleryInfo(engine.describeGallery(request.getName())));
    }

    @Override
    public void deleteGallery(DeleteGalleryRequest request, StreamObserver<DeleteGalleryResponse> observer) {
        Statuses.answer(observer, () -> DeleteGalleryResponse.newBuilder()
                .setSubjectsDeleted(engine.deleteGallery(request.getName()))
                .build());
    }
}
