package dev.ridgeline.server;

import com.google.protobuf.ByteString;
import dev.ridgeline.api.v1.Image;
import dev.ridgeline.api.v1.Modality;
import dev.ridgeline.api.v1.Sample;
import dev.ridgeline.fixtures.fingerprint.SyntheticFingerprints;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/** Generated fingerprints shared by the test classes of one run: each image is made once. */
final class GeneratedFingers {

    static final long SEED = 20261128L;
    private static final SyntheticFingerprints GENERATOR = new SyntheticFingerprints(SEED);
    private static final Map<Long, byte[]> PNGS = new ConcurrentHashMap<>();

    private GeneratedFingers() {
    }

    static byte[] png(int finger, int impression) {
        return PNGS.computeIfAbsent(((long) finger << 16) | impression, key -> GENERATOR.impressionPng(finger, impression));
    }

    /** Makes the images of these fingers in parallel, so later look-ups are instant. */
    static void prepare(int fingers, int impressions) {
        IntStream.range(0, fingers * impressions).parallel().forEach(i -> png(i / impressions, i % impressions));
    }

    static Sample sample(int finger, int impression) {
        return Sample.newBuilder()
                .setModality(Modality.FINGERPRINT)
                .setImage(Image.newBuilder().setData(ByteString.copyFrom(png(finger, impression))).setDpi(500))
                .build();
    }
}
