package dev.ridgeline.server.grpc;

import dev.ridgeline.api.v1.ClusterStatus;
import dev.ridgeline.api.v1.GetClusterStatusRequest;
import dev.ridgeline.api.v1.GetVersionRequest;
import dev.ridgeline.api.v1.ServerInfoGrpc;
import dev.ridgeline.api.v1.Version;
import dev.ridgeline.cluster.ClusterMember;
import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.Ridgeline;
import dev.ridgeline.engine.face.FaceTemplates;
import dev.ridgeline.engine.finger.FingerprintTemplates;
import dev.ridgeline.engine.template.TemplateEnvelope;
import io.grpc.stub.StreamObserver;

final class ServerInfoService extends ServerInfoGrpc.ServerInfoImplBase {

    private final Ridgeline engine;
    /** Null on a single node. */
    private final ClusterMember cluster;

    ServerInfoService(Ridgeline engine, ClusterMember cluster) {
        this.engine = engine;
        this.cluster = cluster;
    }

    @Override
    public void getClusterStatus(GetClusterStatusRequest request, StreamObserver<ClusterStatus> observer) {
        Statuses.answer(observer, () -> {
            if (cluster == null) {
                throw new EngineException(EngineException.Kind.NOT_INSTALLED,
                        "this server runs as a single node, not as a cluster member (serve --cluster-name)");
            }
            return ProtoMapping.clusterStatus(cluster.status());
        });
    }

    @Override
    public void getVersion(GetVersionRequest request, StreamObserver<Version> observer) {
        Statuses.answer(observer, () -> Version.newBuilder()
                .setRidgeline(RidgelineServer.version())
                .setFingerprintAlgorithm(FingerprintTemplates.ALGORITHM)
                .setFingerprintAlgorithmVersion(FingerprintTemplates.ALGORITHM_VERSION)
                .setTemplateFormat("ridgeline-envelope-" + TemplateEnvelope.FORMAT_VERSION)
                .setFingerprintCalibration(engine.fingerprintThresholdVersion())
                .setFaceAlgorithm(FaceTemplates.FACEPLUGIN.algorithm())
                .setFaceAlgorithmVersion(FaceTemplates.FACEPLUGIN.version())
                .setFaceCalibration(engine.faceThresholdVersion())
                .setFacesAvailable(engine.facesAvailable())
                .build());
    }
}
