package dev.ridgeline.server.cli;

import dev.ridgeline.server.security.AccessFile;
import dev.ridgeline.server.security.Grant;
import dev.ridgeline.server.security.Role;
import dev.ridgeline.server.security.Tokens;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Make a new random bearer token and print it with the principal to add to the access file,"
                + " which keeps only the token's SHA-256.",
            "Example: ./ridgeline token --name cbsa-booth --agency CBSA --grant nexus=enroll,verify --grant lookout-us=verify"})
final class TokenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--name", required = true, description = "Name of the caller, as audit lines and errors show it.")
    String name;

    @Option(names = "--agency", required = true, description = "Agency the credential belongs to, e.g. CBSA.")
    String agency;

    @Option(names = "--grant", paramLabel = "GALLERY=ROLE[,ROLE]",
            description = "Roles (enroll, verify, operator) on a gallery, or on every gallery with '*'; repeatable.")
    List<String> grants = new ArrayList<>();

    @Override
    public Integer call() {
        List<Grant> parsed = grants.stream().map(this::grant).toList();
        String token = Tokens.newToken();
        System.out.println("Token (give it to the client, e.g. as RIDGELINE_TOKEN; it is not stored anywhere):");
        System.out.println(token);
        System.out.println();
        System.out.println("Add this principal to the \"principals\" list of the access file, then restart the service:");
        System.out.println(AccessFile.entry(name, agency, Tokens.sha256Hex(token), parsed));
        return 0;
    }

    private Grant grant(String text) {
        int equals = text.indexOf('=');
        if (equals < 1 || equals == text.length() - 1) {
            throw new ParameterException(spec.commandLine(), "--grant takes GALLERY=ROLE[,ROLE], got '" + text + "'");
        }
        try {
            EnumSet<Role> roles = EnumSet.noneOf(Role.class);
            Arrays.stream(text.substring(equals + 1).split(",")).map(String::strip).map(Role::parse).forEach(roles::add);
            return new Grant(text.substring(0, equals).strip(), roles);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--grant " + text + ": " + e.getMessage());
        }
    }
}
