package dev.ridgeline.server.limits;

/**
 * What one call, and one client, may ask of the service. Exceeding a limit gives
 * RESOURCE_EXHAUSTED (or INVALID_ARGUMENT for a malformed request) with the limit named.
 *
 * The image limits (encoded bytes, pixels) are the engine's: {@code EngineConfig.imageLimits()}.
 *
 * @param maxMessageBytes    largest request message gRPC accepts
 * @param maxBulkItems       items one BulkEnroll stream may carry
 * @param maxCallsPerClient  calls one client (its credential, or its address when auth is off) may have in progress
 * @param maxCalls           calls the whole service may have in progress
 * @param workThreads        threads that decode, extract and score (calls beyond them queue by priority)
 * @param boothLanes         further threads that take only booth calls, so a booth never waits for a bulk item to finish
 * @param bulkThreads        the most work threads bulk stream items may hold at once
 */
public record ServiceLimits(int maxMessageBytes, int maxBulkItems, int maxCallsPerClient,
                            int maxCalls, int workThreads, int boothLanes, int bulkThreads) {

    /**
     * 32 MB messages hold the largest image (16 MB) with room for the rest of a request; 256 calls
     * per client keep one runaway client from starving the booths (a booth makes one at a time); 100,000 items bound a stream's
     * results; one work thread per core, since more only share the cores and finish everything late.
     */
    public static final ServiceLimits DEFAULT = new ServiceLimits(32 * 1024 * 1024, 100_000, 256, 4096,
            Runtime.getRuntime().availableProcessors(), 1, Math.max(1, Runtime.getRuntime().availableProcessors() - 1));

    public ServiceLimits {
        requirePositive(maxMessageBytes, "max message bytes");
        requirePositive(maxBulkItems, "max bulk items");
        requirePositive(maxCallsPerClient, "max calls per client");
        requirePositive(maxCalls, "max calls");
        requirePositive(workThreads, "work threads");
        requirePositive(bulkThreads, "bulk threads");
        if (boothLanes < 0) {
            throw new IllegalArgumentException("booth lanes cannot be negative, got " + boothLanes);
        }
    }

    private static void requirePositive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
