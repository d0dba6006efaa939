package dev.ridgeline.benchmarks;

import dev.ridgeline.benchmarks.evaluation.Progress;
import dev.ridgeline.engine.EngineException;
import dev.ridgeline.fixtures.registry.NpmPackage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.IntStream;
import me.tongfei.progressbar.ProgressBar;

/**
 * Native SourceAFIS templates of generated fingers, made once and kept on disk: rendering and
 * templating a finger costs about 50 ms of CPU, so a 100,000-finger gallery takes about 45 minutes
 * on two cores the first time and seconds after. Files hold {@value #CHUNK} fingers of one
 * impression each ({@code seedS-impI-FROM-TO.bin}: per finger its number, the payload's length and
 * the payload; length 0 where the generator's image gave no template), written whole or not at all.
 */
public final class GeneratedFingerTemplates {

    public static final int CHUNK = 5_000;

    private final Path directory;
    private final long seed;
    private final GeneratedFingers fingers;

    public GeneratedFingerTemplates(Path directory, long seed) {
        this.directory = directory;
        this.seed = seed;
        this.fingers = new GeneratedFingers(seed);
    }

    /** Under {@code $RIDGELINE_CACHE} (else {@code ~/.cache/ridgeline}), beside the fetched packages. */
    public static Path defaultDirectory() {
        return NpmPackage.defaultCacheRoot().resolve("generated-fingers");
    }

    /**
     * Payloads of impression {@code impression} of fingers {@code from} to {@code to - 1}, in order;
     * an empty array where no template came out. Chunks missing from the cache are generated.
     */
    public byte[][] payloads(int impression, int from, int to) {
        byte[][] payloads = new byte[to - from][];
        int missing = 0;
        for (int chunk = from / CHUNK * CHUNK; chunk < to; chunk += CHUNK) {
            missing += Files.exists(file(impression, chunk)) ? 0 : CHUNK;
        }
        try (ProgressBar bar = missing == 0 ? null : Progress.bar("generating fingers", missing)) {
            for (int chunk = from / CHUNK * CHUNK; chunk < to; chunk += CHUNK) {
                byte[][] chunkPayloads = chunk(impression, chunk, bar);
                for (int finger = Math.max(from, chunk); finger < Math.min(to, chunk + CHUNK); finger++) {
                    payloads[finger - from] = chunkPayloads[finger - chunk];
                }
            }
        }
        return payloads;
    }

    private Path file(int impression, int first) {
        return directory.resolve(String.format("seed%d-imp%d-%07d-%07d.bin", seed, impression, first, first + CHUNK));
    }

    private byte[][] chunk(int impression, int first, ProgressBar bar) {
        Path file = file(impression, first);
        try {
            if (!Files.exists(file)) {
                write(file, IntStream.range(first, first + CHUNK).parallel()
                        .mapToObj(finger -> payload(finger, impression, bar)).toArray(byte[][]::new), first);
            }
            return read(file, first);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] payload(int finger, int impression, ProgressBar bar) {
        try {
            return fingers.envelope(finger, impression, 0).payload();
        } catch (EngineException e) {
            return new byte[0];
        } finally {
            bar.step();
        }
    }

    private static void write(Path file, byte[][] payloads, int first) throws IOException {
        Files.createDirectories(file.getParent());
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(partial)))) {
            for (int i = 0; i < payloads.length; i++) {
                out.writeInt(first + i);
                out.writeInt(payloads[i].length);
                out.write(payloads[i]);
            }
        }
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static byte[][] read(Path file, int first) throws IOException {
        byte[][] payloads = new byte[CHUNK][];
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            for (int i = 0; i < CHUNK; i++) {
                int finger = in.readInt();
                if (finger != first + i) {
                    throw new IOException(file + " is damaged: finger " + finger + " where " + (first + i)
                            + " was expected; delete it to generate it again");
                }
                payloads[i] = in.readNBytes(in.readInt());
            }
        }
        return payloads;
    }
}
