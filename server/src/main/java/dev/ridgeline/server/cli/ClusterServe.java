package dev.ridgeline.server.cli;

import dev.ridgeline.cluster.ClusterRidgeline;
import dev.ridgeline.cluster.ClusterSettings;
import dev.ridgeline.cluster.postgres.PostgresSettings;
import dev.ridgeline.engine.EngineConfig;
import dev.ridgeline.server.grpc.RidgelineServer;
import dev.ridgeline.server.grpc.ServerSettings;
import dev.ridgeline.server.security.BindRule;
import java.io.IOException;

/** {@code serve --cluster-name ...}: joins the cluster, then serves the same gRPC services over it. */
final class ClusterServe {

    private ClusterServe() {
    }

    static RidgelineServer start(EngineConfig config, ServerSettings settings, ClusterOptions options) throws IOException {
        BindRule.check(settings.host(), settings.tls() != null, settings.access() != null);
        ClusterRidgeline.requireStoreKey(config.storeKeys());
        ClusterSettings cluster = options.settings(settings.host());
        PostgresSettings postgres = options.postgres();
        ClusterRidgeline member = ClusterRidgeline.start(config, cluster, postgres);
        return RidgelineServer.start(member, config.dataDirectory(), settings, String.format("member of cluster '%s' at %s:%d (%d members),"
                + " records in %s", cluster.clusterName(), cluster.host(), cluster.port(), member.member().members(),
                postgres.jdbcUrl()));
    }
}
