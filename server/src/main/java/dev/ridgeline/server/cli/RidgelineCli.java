package dev.ridgeline.server.cli;

import dev.ridgeline.server.grpc.RidgelineServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./ridgeline}: the one entry point for operators, enrollment systems and booth tests. */
@Command(name = "ridgeline",
        mixinStandardHelpOptions = true,
        versionProvider = RidgelineCli.Version.class,
        description = "Biometric matching engine: fingerprint and face templates, sharded galleries, 1:1 and 1:N over gRPC.",
        footer = {"", "Measuring: ./ridgeline evaluate --help (accuracy on a dataset)."},
        subcommands = {
            SetupCommand.class,
            ServeCommand.class,
            EnrollCommand.class,
            VerifyCommand.class,
            IdentifyCommand.class,
            CardCommand.class,
            StoreCommand.class,
            DemoCommand.class,
            FixturesCommand.class,
            GalleriesCommand.class,
            ClusterCommand.class,
            TokenCommand.class,
            PartnersCommand.class,
            AuditCommand.class,
            CommandLine.HelpCommand.class
        })
public final class RidgelineCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line as {@link #main} runs it (enum values in any case, as the help text spells them). */
    public static CommandLine commandLine() {
        return new CommandLine(new RidgelineCli()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ridgeline " + RidgelineServer.version()};
        }
    }
}
