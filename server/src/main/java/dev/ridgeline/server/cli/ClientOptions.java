package dev.ridgeline.server.cli;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import picocli.CommandLine.Option;

/** Where a client command finds the service. */
final class ClientOptions {

    @Option(names = "--target", defaultValue = "127.0.0.1:50051",
            description = "Address of a running service, HOST:PORT (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--gallery", required = true, description = "Gallery name.")
    String gallery;

    ManagedChannel channel() {
        return channel(target);
    }

    static ManagedChannel channel(String target) {
        return NettyChannelBuilder.forTarget(target)
                .usePlaintext()
                .maxInboundMessageSize(32 * 1024 * 1024)
                .build();
    }
}
