package dev.ridgeline.benchmarks.evaluation;

import dev.ridgeline.fixtures.fingerprint.FvcNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Samples grouped by identity, read from a dataset folder in one of the supported layouts. */
record Dataset(String name, List<Identity> identities) {

    enum Layout { FVC, FOLDERS }

    /** File names compared with their digit runs as numbers: the first sample is the enrollment one. */
    static final Comparator<Path> NUMBERS_BY_VALUE =
            Comparator.comparing((Path file) -> paddedNumbers(file.getFileName().toString()))
                    .thenComparing(Comparator.naturalOrder());

    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final int NUMBER_WIDTH = 20;

    /** One identity (a finger, a person) and its samples in capture order; the first is the enrollment sample. */
    record Identity(String id, List<Path> samples) {
    }

    int sampleCount() {
        return identities.stream().mapToInt(i -> i.samples().size()).sum();
    }

    /**
     * Every other identity in sorted order: {@code half} 1 keeps the 1st, 3rd, ...; 2 the 2nd,
     * 4th, ...; 0 keeps all. Two halves share no identity, for calibrating on one and checking on
     * the other.
     */
    Dataset half(int half) {
        if (half == 0) {
            return this;
        }
        if (half != 1 && half != 2) {
            throw new IllegalArgumentException("half must be 0 (all), 1 or 2, got " + half);
        }
        List<Identity> kept = new ArrayList<>();
        for (int i = half - 1; i < identities.size(); i += 2) {
            kept.add(identities.get(i));
        }
        return new Dataset(name + "-half" + half, List.copyOf(kept));
    }

    static Dataset load(Path directory, Layout layout) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("dataset folder " + directory + " does not exist");
        }
        List<Identity> identities = switch (layout) {
            case FVC -> fvc(directory);
            case FOLDERS -> folders(directory);
        };
        if (identities.size() < 2) {
            throw new IllegalArgumentException("dataset " + directory + " holds " + identities.size()
                    + " identities in the " + layout.name().toLowerCase() + " layout; at least 2 are needed");
        }
        return new Dataset(directory.getFileName().toString(), identities);
    }

    /** {@code NNN_K.ext}: identity NNN, impression K. */
    private static List<Identity> fvc(Path directory) throws IOException {
        Map<String, TreeMap<Integer, Path>> byFinger = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.forEach(file -> FvcNames.parse(file).ifPresent(name ->
                    byFinger.computeIfAbsent(name.subject(), id -> new TreeMap<>()).put(name.impression(), file)));
        }
        List<Identity> identities = new ArrayList<>();
        byFinger.forEach((id, impressions) -> identities.add(new Identity(id, List.copyOf(impressions.values()))));
        return identities;
    }

    /** One sub-folder per identity; images inside in name order, numbers by value ({@code 2.pgm} before {@code 10.pgm}). */
    private static List<Identity> folders(Path directory) throws IOException {
        List<Identity> identities = new ArrayList<>();
        try (Stream<Path> folders = Files.list(directory)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted(NUMBERS_BY_VALUE).toList()) {
                try (Stream<Path> files = Files.list(folder)) {
                    List<Path> images = files.filter(Dataset::isImage).sorted(NUMBERS_BY_VALUE).toList();
                    if (!images.isEmpty()) {
                        identities.add(new Identity(folder.getFileName().toString(), images));
                    }
                }
            }
        }
        return identities;
    }

    private static String paddedNumbers(String name) {
        return DIGITS.matcher(name).replaceAll(run -> "0".repeat(Math.max(0, NUMBER_WIDTH - run.group().length()))
                + run.group());
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString().toLowerCase();
        return name.matches(".*\\.(png|jpe?g|bmp|tiff?|wsq|pgm)");
    }
}
