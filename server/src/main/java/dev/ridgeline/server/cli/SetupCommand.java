package dev.ridgeline.server.cli;

import dev.ridgeline.fixtures.registry.FaceModelPackage;
import dev.ridgeline.fixtures.registry.NpmPackage;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "setup", mixinStandardHelpOptions = true,
        description = {
            "Fetch the face models with npm (package faceplugin-face-recognition-js 0.0.1, MIT), check each file"
                    + " against its pinned SHA-256 and cache them. Run once per machine; fingerprints need nothing."})
final class SetupCommand implements Callable<Integer> {

    @Option(names = "--cache", paramLabel = "DIR",
            description = "Cache folder (default: $RIDGELINE_CACHE or ~/.cache/ridgeline).")
    Path cache = NpmPackage.defaultCacheRoot();

    @Override
    public Integer call() throws Exception {
        Path models = FaceModelPackage.PACKAGE.fetch(cache);
        System.out.println("face models ready in " + models + " (" + FaceModelPackage.PACKAGE.files().size()
                + " files, SHA-256 checked)");
        return 0;
    }
}
