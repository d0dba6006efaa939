package dev.ridgeline.server.cli;

import dev.ridgeline.api.v1.CreateGalleryRequest;
import dev.ridgeline.api.v1.DeleteGalleryRequest;
import dev.ridgeline.api.v1.DescribeGalleryRequest;
import dev.ridgeline.api.v1.GalleriesGrpc;
import dev.ridgeline.api.v1.GalleryInfo;
import dev.ridgeline.api.v1.ListGalleriesRequest;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "galleries", mixinStandardHelpOptions = true,
        description = "List, describe, create or delete the galleries of a running service.",
        subcommands = {GalleriesCommand.List.class, GalleriesCommand.Describe.class, GalleriesCommand.Create.class,
            GalleriesCommand.Delete.class})
final class GalleriesCommand {

    /** Runs one call against the service and prints its status on failure. */
    abstract static class GalleryCall implements Callable<Integer> {

        @Mixin
        ClientOptions.Target target;

        abstract void run(GalleriesGrpc.GalleriesBlockingStub galleries);

        @Override
        public Integer call() throws InterruptedException {
            ManagedChannel channel = target.channel();
            try {
                run(GalleriesGrpc.newBlockingStub(channel));
                return 0;
            } catch (StatusRuntimeException e) {
                System.err.println(e.getStatus().getCode() + ": " + e.getStatus().getDescription());
                return 1;
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    static void print(GalleryInfo info) {
        System.out.printf("%-20s %8d subjects %8d templates %4d shards  %7.1f KB/template  default FMR %.0e  created %s%n",
                info.getName(), info.getSubjects(), info.getTemplates(), info.getShards(),
                info.getTemplates() == 0 ? 0.0 : info.getTemplateMemoryBytes() / 1024.0 / info.getTemplates(),
                info.getDefaultTargetFmr(),
                Instant.ofEpochSecond(info.getCreated().getSeconds(), info.getCreated().getNanos()));
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List every gallery with its counts.")
    static final class List extends GalleryCall {
        @Override
        void run(GalleriesGrpc.GalleriesBlockingStub galleries) {
            galleries.listGalleries(ListGalleriesRequest.getDefaultInstance()).getGalleriesList()
                    .forEach(GalleriesCommand::print);
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true, description = "Counts, shards and memory of one gallery.")
    static final class Describe extends GalleryCall {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        void run(GalleriesGrpc.GalleriesBlockingStub galleries) {
            GalleryInfo info = galleries.describeGallery(DescribeGalleryRequest.newBuilder().setName(name).build());
            print(info);
            System.out.println("templates per shard: " + info.getTemplatesPerShardList());
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a gallery.")
    static final class Create extends GalleryCall {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--shards", defaultValue = "0", description = "Shards; 0 means one per core of the server.")
        int shards;

        @Option(names = "--default-target-fmr", defaultValue = "0", description = "Operating point when a request names none; 0 means 1e-4.")
        double defaultTargetFmr;

        @Override
        void run(GalleriesGrpc.GalleriesBlockingStub galleries) {
            print(galleries.createGallery(CreateGalleryRequest.newBuilder().setName(name).setShards(shards)
                    .setDefaultTargetFmr(defaultTargetFmr).build()));
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a gallery and every subject in it.")
    static final class Delete extends GalleryCall {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        void run(GalleriesGrpc.GalleriesBlockingStub galleries) {
            long deleted = galleries.deleteGallery(DeleteGalleryRequest.newBuilder().setName(name).build()).getSubjectsDeleted();
            System.out.printf("deleted gallery %s and its %d subjects%n", name, deleted);
        }
    }
}
