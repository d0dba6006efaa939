package dev.ridgeline.server.cli;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where a client command finds the service, and the gallery it works on. */
final class ClientOptions {

    @Mixin
    Target target;

    @Option(names = "--gallery", required = true, description = "Gallery name.")
    String gallery;

    ManagedChannel channel() {
        return target.channel();
    }

    static ManagedChannel channel(String target) {
        return NettyChannelBuilder.forTarget(target)
                .usePlaintext()
                .maxInboundMessageSize(32 * 1024 * 1024)
                .build();
    }

    /** The service's address. */
    static final class Target {

        @Option(names = "--target", defaultValue = "127.0.0.1:50051",
                description = "Address of a running service, HOST:PORT (default: ${DEFAULT-VALUE}).")
        String address;

        ManagedChannel channel() {
            return ClientOptions.channel(address);
        }
    }
}
