package dev.ridgeline.benchmarks.load;

import dev.ridgeline.api.v1.CreateGalleryRequest;
import dev.ridgeline.api.v1.DescribeGalleryRequest;
import dev.ridgeline.api.v1.GalleriesGrpc;
import dev.ridgeline.api.v1.GalleryInfo;
import dev.ridgeline.api.v1.GetSubjectRequest;
import dev.ridgeline.api.v1.SubjectsGrpc;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;

/** The gallery a run works on: created when missing, and checked before a fill is skipped. */
final class BenchGallery {

    private final GalleriesGrpc.GalleriesBlockingStub galleries;
    private final SubjectsGrpc.SubjectsBlockingStub subjects;
    private final String name;

    BenchGallery(Channel channel, String name) {
        this.galleries = GalleriesGrpc.newBlockingStub(channel);
        this.subjects = SubjectsGrpc.newBlockingStub(channel);
        this.name = name;
    }

    String name() {
        return name;
    }

    /** The gallery's description, creating it (default shards and operating point) when it does not exist. */
    GalleryInfo describeOrCreate() {
        try {
            return describe();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                throw e;
            }
            return galleries.createGallery(CreateGalleryRequest.newBuilder().setName(name).build());
        }
    }

    GalleryInfo describe() {
        return galleries.describeGallery(DescribeGalleryRequest.newBuilder().setName(name).build());
    }

    /** True when the gallery holds at least {@code size} subjects and every probe's mate among them. */
    boolean alreadyFilled(long size, List<Probe> probes) {
        if (describe().getSubjects() < size) {
            return false;
        }
        for (Probe probe : probes) {
            try {
                subjects.getSubject(GetSubjectRequest.newBuilder().setGallery(name).setSubjectId(probe.mateId()).build());
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                    return false;
                }
                throw e;
            }
        }
        return true;
    }
}
