package dev.ridgeline.server.cli;

import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * What the commands that call partners through this deployment share: how long partners have to
 * answer, and one call per probe file, a refused call printed with its status and counted.
 */
final class PartnerCalls {

    @Option(names = "--partner-deadline-ms", defaultValue = "0", paramLabel = "MS",
            description = "How long partners have to answer; 0: the service's own setting.")
    int partnerDeadlineMillis;

    /** One probe's call; returns whether it was answered as asked (a false counts as a failure). */
    interface ProbeCall {
        boolean run(ImageFiles.ImageFile probe, long startedNanos);
    }

    /** Runs {@code call} for each probe, in order; returns how many failed or were refused. */
    static int failures(List<ImageFiles.ImageFile> probes, Function<ImageFiles.ImageFile, String> label, ProbeCall call) {
        int failures = 0;
        for (ImageFiles.ImageFile probe : probes) {
            try {
                if (!call.run(probe, System.nanoTime())) {
                    failures++;
                }
            } catch (StatusRuntimeException e) {
                failures++;
                System.out.printf("%s: %s: %s%n", label.apply(probe), e.getStatus().getCode(), e.getStatus().getDescription());
            }
        }
        return failures;
    }

    static String fileName(ImageFiles.ImageFile probe) {
        return probe.path().getFileName().toString();
    }

    static double millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e6;
    }
}
