package dev.ridgeline.benchmarks.evaluation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The pairs of the LFW verification protocol, read from {@code pairs.txt}: a header line with the
 * number of folds and of pairs per class, then fold after fold, each holding that many matched
 * pairs ({@code name n1 n2}) followed by as many mismatched ones ({@code name1 n1 name2 n2}).
 * A header with one number (as in {@code pairsDevTrain.txt}) is a single fold.
 */
record LfwPairs(int folds, int pairsPerClass, List<Pair> pairs) {

    /** One LFW photo: {@code name/name_NNNN.jpg} under the dataset folder. */
    record Image(String name, int number) {

        Path file(Path root) {
            return root.resolve(name).resolve(String.format(Locale.ROOT, "%s_%04d.jpg", name, number));
        }
    }

    record Pair(Image first, Image second, boolean matched, int fold) {
    }

    static LfwPairs read(Path dataset) throws IOException {
        Path file = dataset.resolve("pairs.txt");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("the lfw layout needs " + file + ", which does not exist");
        }
        return parse(Files.readAllLines(file));
    }

    static LfwPairs parse(List<String> lines) {
        List<String[]> rows = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty()) {
                rows.add(line.split("\\s+"));
                lineNumbers.add(i + 1);
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("pairs.txt is empty");
        }
        String[] header = rows.get(0);
        int folds = header.length == 1 ? 1 : positive(header[0], lineNumbers.get(0));
        int perClass = positive(header[header.length - 1], lineNumbers.get(0));
        int expected = 2 * folds * perClass;
        if (rows.size() - 1 != expected) {
            throw new IllegalArgumentException("pairs.txt header promises " + folds + " folds of " + perClass
                    + " matched and " + perClass + " mismatched pairs (" + expected + "), but " + (rows.size() - 1)
                    + " pairs follow");
        }
        List<Pair> pairs = new ArrayList<>(expected);
        for (int index = 0; index < expected; index++) {
            boolean matched = index % (2 * perClass) < perClass;
            pairs.add(pair(rows.get(index + 1), matched, index / (2 * perClass), lineNumbers.get(index + 1)));
        }
        return new LfwPairs(folds, perClass, List.copyOf(pairs));
    }

    private static Pair pair(String[] row, boolean matched, int fold, int line) {
        if (matched && row.length == 3) {
            return new Pair(new Image(row[0], positive(row[1], line)), new Image(row[0], positive(row[2], line)), true, fold);
        }
        if (!matched && row.length == 4) {
            return new Pair(new Image(row[0], positive(row[1], line)), new Image(row[2], positive(row[3], line)), false,
                    fold);
        }
        throw new IllegalArgumentException("pairs.txt line " + line + ": expected a " + (matched
                ? "matched pair 'name n1 n2'" : "mismatched pair 'name1 n1 name2 n2'") + " in fold " + (fold + 1)
                + ", found '" + String.join(" ", row) + "'");
    }

    private static int positive(String token, int line) {
        try {
            int value = Integer.parseInt(token);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // reported below with the line
        }
        throw new IllegalArgumentException("pairs.txt line " + line + ": '" + token + "' is not a positive number");
    }

    /** The photos the pairs use, grouped by person (names and photo numbers ascending). */
    Dataset images(Path root) {
        Map<String, TreeSet<Integer>> byName = new TreeMap<>();
        for (Pair pair : pairs) {
            for (Image image : List.of(pair.first(), pair.second())) {
                byName.computeIfAbsent(image.name(), name -> new TreeSet<>()).add(image.number());
            }
        }
        List<Dataset.Identity> identities = new ArrayList<>();
        byName.forEach((name, numbers) -> identities.add(new Dataset.Identity(name,
                numbers.stream().map(n -> new Image(name, n).file(root)).toList())));
        return new Dataset(root.getFileName().toString(), identities);
    }

    boolean[] matched() {
        boolean[] matched = new boolean[pairs.size()];
        for (int i = 0; i < matched.length; i++) {
            matched[i] = pairs.get(i).matched();
        }
        return matched;
    }

    int[] foldOfEachPair() {
        return pairs.stream().mapToInt(Pair::fold).toArray();
    }
}
