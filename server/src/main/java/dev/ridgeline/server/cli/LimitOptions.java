package dev.ridgeline.server.cli;

import dev.ridgeline.engine.image.ImageLimits;
import dev.ridgeline.server.limits.ServiceLimits;
import picocli.CommandLine.Option;

/** The `serve` options that bound what a call and a client may ask (README "Limits"). */
final class LimitOptions {

    @Option(names = "--max-message-bytes", paramLabel = "BYTES", description = "Largest request message accepted (default: ${DEFAULT-VALUE}).")
    int maxMessageBytes = ServiceLimits.DEFAULT.maxMessageBytes();

    @Option(names = "--max-image-bytes", paramLabel = "BYTES", description = "Largest encoded image (default: ${DEFAULT-VALUE}).")
    int maxImageBytes = ImageLimits.DEFAULT.maxBytes();

    @Option(names = "--max-image-pixels", paramLabel = "PIXELS",
            description = "Most pixels an image may declare, checked from its header before decoding (default: ${DEFAULT-VALUE}).")
    long maxImagePixels = ImageLimits.DEFAULT.maxPixels();

    @Option(names = "--max-bulk-items", paramLabel = "N", description = "Most items one BulkEnroll stream may carry (default: ${DEFAULT-VALUE}).")
    int maxBulkItems = ServiceLimits.DEFAULT.maxBulkItems();

    @Option(names = "--max-calls-per-client", paramLabel = "N",
            description = "Calls one client may have in progress at once (default: ${DEFAULT-VALUE}).")
    int maxCallsPerClient = ServiceLimits.DEFAULT.maxCallsPerClient();

    @Option(names = "--max-calls", paramLabel = "N", description = "Calls the service may have in progress at once (default: ${DEFAULT-VALUE}).")
    int maxCalls = ServiceLimits.DEFAULT.maxCalls();

    @Option(names = "--work-threads", paramLabel = "N",
            description = "Threads that decode, extract and score; further calls queue, booths first (default: one per core, ${DEFAULT-VALUE}).")
    int workThreads = ServiceLimits.DEFAULT.workThreads();

    @Option(names = "--booth-lanes", paramLabel = "N",
            description = "Further threads that take only verify and identify calls, so a booth never waits for enrollment work to finish (default: ${DEFAULT-VALUE}).")
    int boothLanes = ServiceLimits.DEFAULT.boothLanes();

    @Option(names = "--bulk-threads", paramLabel = "N",
            description = "Most work threads bulk stream items may hold at once, leaving the rest to booths (default: one fewer than the cores, ${DEFAULT-VALUE}).")
    int bulkThreads = ServiceLimits.DEFAULT.bulkThreads();

    ImageLimits images() {
        if (maxImageBytes > maxMessageBytes) {
            throw new IllegalArgumentException("--max-image-bytes (" + maxImageBytes + ") cannot exceed --max-message-bytes ("
                    + maxMessageBytes + "): an image travels inside a request message");
        }
        return new ImageLimits(maxImageBytes, maxImagePixels);
    }

    ServiceLimits service() {
        return new ServiceLimits(maxMessageBytes, maxBulkItems, maxCallsPerClient, maxCalls, workThreads,
                boothLanes, bulkThreads);
    }
}
