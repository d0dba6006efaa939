package dev.ridgeline.server.grpc;

import dev.ridgeline.api.v1.GetVersionRequest;
import dev.ridgeline.api.v1.ServerInfoGrpc;
import dev.ridgeline.api.v1.Version;
import dev.ridgeline.engine.RidgelineEngine;
import dev.ridgeline.engine.face.FaceTemplates;
import dev.ridgeline.engine.finger.FingerprintTemplates;
import dev.ridgeline.engine.template.TemplateEnvelope;
import io.grpc.stub.StreamObserver;

final class ServerInfoService extends ServerInfoGrpc.ServerInfoImplBase {

    private final RidgelineEngine engine;

    ServerInfoService(RidgelineEngine engine) {
        this.engine = engine;
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
