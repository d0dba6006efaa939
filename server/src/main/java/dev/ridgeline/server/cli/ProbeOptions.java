package dev.ridgeline.server.cli;

import dev.ridgeline.api.v1.Modality;
import dev.ridgeline.api.v1.Sample;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * How a matching command reads its probes: image files or FVC folders of one modality, position,
 * dpi, an optional face photo added to every probe, operating point.
 */
final class ProbeOptions {

    @Option(names = "--modality", defaultValue = "fingerprint",
            description = "What the PATH images are: fingerprint or face (default: ${DEFAULT-VALUE}).")
    Modality modality;

    @Option(names = "--face", paramLabel = "PHOTO",
            description = "A face photo added to every probe: a face + finger probe is decided on fused evidence.")
    Path face;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Probe images or folders of FVC-named images.")
    List<Path> paths;

    @Option(names = "--position", defaultValue = "0", description = "Probe finger position 1-10 (0 = unknown).")
    int position;

    @Option(names = "--dpi", defaultValue = "500", description = "Probe scan resolution (default: ${DEFAULT-VALUE}).")
    int dpi;

    @Option(names = "--target-fmr", defaultValue = "0", description = "Operating point; 0 uses the gallery's default.")
    double targetFmr;

    @Option(names = "--impressions", defaultValue = "all",
            description = "Impressions to probe from FVC folders: K, FROM-TO or all (default: ${DEFAULT-VALUE}).")
    String impressions;

    List<ImageFiles.ImageFile> probes() {
        return ImageFiles.collect(paths, ImageFiles.ImpressionRange.parse(impressions));
    }

    /** The samples of one probe: the image itself, plus the --face photo if given. */
    List<Sample> samples(ImageFiles.ImageFile probe) {
        Sample image = probe.sample(modality, position, dpi);
        return face == null ? List.of(image) : List.of(image, ImageFiles.sample(face, Modality.FACE, 0, 0));
    }
}
