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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;

/**
 * Native SourceAFIS templates of generated fingers, made once and kept on disk: rendering and
 * templating a finger costs about 70 ms of CPU, so a 100,000-finger gallery takes about an hour
 * on two cores the first time and seconds after. Files hold a run of fingers of one impression
 * ({@code seedS-impI-FROM-TO.bin}: per finger its number, the payload's length and the payload;
 * length 0 where the generator's image gave no template), written whole or not at all. Only the
 * fingers asked for are generated, at most {@value #CHUNK} a file and never across a multiple of
 * it, so a small run stays quick and large runs fill the same aligned chunks.
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
     * an empty array where no template came out. Fingers missing from the cache are generated.
     */
    public byte[][] payloads(int impression, int from, int to) {
        List<Chunk> plan = plan(impression, from, to);
        int missing = plan.stream().filter(chunk -> !chunk.cached()).mapToInt(Chunk::size).sum();
        byte[][] payloads = new byte[to - from][];
        try (ProgressBar bar = missing == 0 ? null : Progress.bar("generating fingers", missing)) {
            for (Chunk chunk : plan) {
                if (!chunk.cached()) {
                    write(chunk, IntStream.range(chunk.first(), chunk.end()).parallel()
                            .mapToObj(finger -> payload(finger, impression, bar)).toArray(byte[][]::new));
                }
                byte[][] chunkPayloads = read(chunk);
                for (int finger = Math.max(from, chunk.first()); finger < Math.min(to, chunk.end()); finger++) {
                    payloads[finger - from] = chunkPayloads[finger - chunk.first()];
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return payloads;
    }

    /** One file's run of fingers, {@code first} to {@code end - 1}; {@code cached} when the file exists. */
    private record Chunk(Path file, int first, int end, boolean cached) {
        int size() {
            return end - first;
        }
    }

    /** The files that cover fingers {@code from} to {@code to - 1}: cached ones where they exist, new ones in the gaps. */
    private List<Chunk> plan(int impression, int from, int to) {
        List<Chunk> cached = cachedChunks(impression);
        List<Chunk> plan = new ArrayList<>();
        for (int finger = from; finger < to; finger = plan.getLast().end()) {
            int at = finger;
            Chunk covering = cached.stream().filter(chunk -> chunk.first() <= at && at < chunk.end())
                    .max(Comparator.comparingInt(Chunk::end)).orElse(null);
            if (covering != null) {
                plan.add(covering);
            } else {
                int nextCached = cached.stream().mapToInt(Chunk::first).filter(first -> first > at).min()
                        .orElse(Integer.MAX_VALUE);
                int end = Math.min(Math.min(to, nextCached), (at / CHUNK + 1) * CHUNK);
                plan.add(new Chunk(file(impression, at, end), at, end, false));
            }
        }
        return plan;
    }

    private List<Chunk> cachedChunks(int impression) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        String prefix = String.format(Locale.ROOT, "seed%d-imp%d-", seed, impression);
        try (Stream<Path> files = Files.list(directory)) {
            return files.flatMap(file -> {
                String name = file.getFileName().toString();
                if (!name.startsWith(prefix) || !name.matches(".*-\\d+-\\d+\\.bin")) {
                    return Stream.empty();
                }
                String[] range = name.substring(prefix.length(), name.length() - ".bin".length()).split("-");
                return Stream.of(new Chunk(file, Integer.parseInt(range[0]), Integer.parseInt(range[1]), true));
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path file(int impression, int first, int end) {
        return directory.resolve(String.format(Locale.ROOT, "seed%d-imp%d-%07d-%07d.bin", seed, impression, first, end));
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

    private static void write(Chunk chunk, byte[][] payloads) throws IOException {
        Files.createDirectories(chunk.file().getParent());
        Path partial = chunk.file().resolveSibling(chunk.file().getFileName() + ".partial");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(partial)))) {
            for (int i = 0; i < payloads.length; i++) {
                out.writeInt(chunk.first() + i);
                out.writeInt(payloads[i].length);
                out.write(payloads[i]);
            }
        }
        Files.move(partial, chunk.file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static byte[][] read(Chunk chunk) throws IOException {
        byte[][] payloads = new byte[chunk.size()][];
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(chunk.file())))) {
            for (int i = 0; i < payloads.length; i++) {
                int finger = in.readInt();
                if (finger != chunk.first() + i) {
                    throw new IOException(chunk.file() + " is damaged: finger " + finger + " where "
                            + (chunk.first() + i) + " was expected; delete it to generate it again");
                }
                payloads[i] = in.readNBytes(in.readInt());
            }
        }
        return payloads;
    }
}
