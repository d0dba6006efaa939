package dev.ridgeline.server.cli;

import dev.ridgeline.api.v1.ClusterStatus;
import dev.ridgeline.api.v1.GetClusterStatusRequest;
import dev.ridgeline.api.v1.MemberStatus;
import dev.ridgeline.api.v1.PostgresStatus;
import dev.ridgeline.api.v1.ServerInfoGrpc;
import dev.ridgeline.cluster.postgres.LocalPostgres;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "A cluster's state (any member as --target), and the embedded PostgreSQL of a one-machine cluster.",
        subcommands = {ClusterCommand.Status.class, ClusterCommand.PostgresStop.class})
final class ClusterCommand {

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Members, partitions and subjects per member, backups, migrations in flight and PostgreSQL.")
    static final class Status implements Callable<Integer> {

        @Mixin
        ClientOptions.Target target;

        @Override
        public Integer call() throws InterruptedException {
            ManagedChannel channel = target.channel();
            try {
                print(ServerInfoGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                        .getClusterStatus(GetClusterStatusRequest.getDefaultInstance()));
                return 0;
            } catch (StatusRuntimeException e) {
                System.err.println(e.getStatus().getCode() + ": " + e.getStatus().getDescription());
                return 1;
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }

        private static void print(ClusterStatus status) {
            System.out.printf(Locale.ROOT, "cluster '%s': %d members, %d partitions, %d backup%s of the grid's state, %s%n",
                    status.getClusterName(), status.getMembersCount(), status.getPartitions(), status.getBackups(),
                    status.getBackups() == 1 ? "" : "s", status.getSafe() ? "safe (every partition and backup in place)"
                            : "NOT safe: " + status.getMigrationsInFlight() + " migrations in flight");
            System.out.printf(Locale.ROOT, "%-24s %10s %12s %10s%n", "member", "partitions", "subjects", "heap MB");
            long subjects = 0;
            for (MemberStatus member : status.getMembersList()) {
                subjects += member.getSubjects();
                System.out.printf(Locale.ROOT, "%-24s %10d %12d %10.0f%s%n", member.getAddress(),
                        member.getPartitionsOwned(), member.getSubjects(),
                        member.getHeapUsedBytes() / 1048576.0, member.getAnswering() ? "  (answered)" : "");
            }
            PostgresStatus postgres = status.getPostgres();
            System.out.printf(Locale.ROOT, "subjects in all: %d%n", subjects);
            System.out.printf(Locale.ROOT, "PostgreSQL %s: %s%n", postgres.getUrl(), postgres.getReachable()
                    ? String.format(Locale.ROOT, "reachable, %.1f ms round trip, %s", postgres.getRoundTripMs(),
                            postgres.getReplicas() == 0 ? "no streaming replicas"
                                    : postgres.getReplicas() + " replicas, replay lag at most "
                                    + postgres.getMaxReplayLagMs() + " ms")
                    : "UNREACHABLE: " + postgres.getError());
        }
    }

    @Command(name = "postgres-stop", mixinStandardHelpOptions = true,
            description = "Stops the PostgreSQL that `serve --postgres embedded:DIR` started (it outlives the members).")
    static final class PostgresStop implements Callable<Integer> {

        @Option(names = "--postgres", required = true, paramLabel = "embedded:DIR",
                description = "The embedded server, as the members were given it.")
        String postgres;

        @Override
        public Integer call() {
            boolean stopped = LocalPostgres.stop(ClusterOptions.embeddedDirectory(postgres));
            System.out.println(stopped ? "PostgreSQL stopped" : "no PostgreSQL was running in " + postgres);
            return 0;
        }
    }
}
