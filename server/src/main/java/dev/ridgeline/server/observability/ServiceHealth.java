package dev.ridgeline.server.observability;

import dev.ridgeline.api.v1.GalleriesGrpc;
import dev.ridgeline.api.v1.MatchingGrpc;
import dev.ridgeline.api.v1.ServerInfoGrpc;
import dev.ridgeline.api.v1.SubjectsGrpc;
import dev.ridgeline.api.v1.TemplatesGrpc;
import io.grpc.BindableService;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.util.List;

/**
 * What {@code grpc.health.v1} reports, by name: the server ({@code ""}) and each Ridgeline service
 * are NOT_SERVING while the galleries load, SERVING once they are. Faces have a name of their own,
 * {@link #FACES}, NOT_SERVING while the face models are missing: no service is face-only (Templates,
 * Subjects and Matching still serve fingerprints then), so a face booth asks for that name.
 */
public final class ServiceHealth {

    /** The health name of face templating and matching. */
    public static final String FACES = "ridgeline.v1.faces";
    private static final List<String> SERVICES = List.of("", TemplatesGrpc.SERVICE_NAME, GalleriesGrpc.SERVICE_NAME,
            SubjectsGrpc.SERVICE_NAME, MatchingGrpc.SERVICE_NAME, ServerInfoGrpc.SERVICE_NAME);

    private final HealthStatusManager health = new HealthStatusManager();
    private final boolean facesAvailable;

    public ServiceHealth(boolean facesAvailable) {
        this.facesAvailable = facesAvailable;
        SERVICES.forEach(name -> health.setStatus(name, ServingStatus.NOT_SERVING));
        health.setStatus(FACES, ServingStatus.NOT_SERVING);
    }

    public BindableService service() {
        return health.getHealthService();
    }

    /** The galleries are loaded: every service serves, faces if their models are there. */
    public void loaded() {
        SERVICES.forEach(name -> health.setStatus(name, ServingStatus.SERVING));
        health.setStatus(FACES, facesAvailable ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
    }

    /** Every name reports NOT_SERVING from now on, whatever else happens while the server stops. */
    public void stopping() {
        health.enterTerminalState();
    }
}
