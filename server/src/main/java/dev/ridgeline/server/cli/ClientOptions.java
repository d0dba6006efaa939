package dev.ridgeline.server.cli;

import io.grpc.ManagedChannel;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where a client command finds the service, how it connects, and the gallery it works on. */
final class ClientOptions {

    @Mixin
    Target target;

    @Option(names = "--gallery", required = true, description = "Gallery name.")
    String gallery;

    ManagedChannel channel() {
        return target.channel();
    }

    /** The service's address and how to connect to it. */
    static final class Target {

        @Option(names = "--target", defaultValue = "127.0.0.1:50051",
                description = "Address of a running service, HOST:PORT (default: ${DEFAULT-VALUE}).")
        String address;

        @Mixin
        ConnectionOptions connection;

        ManagedChannel channel() {
            return connection.channel(address);
        }
    }
}
