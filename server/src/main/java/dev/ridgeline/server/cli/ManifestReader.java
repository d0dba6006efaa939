package dev.ridgeline.server.cli;

import dev.ridgeline.engine.gallery.Attributes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an enrollment manifest: CSV with a header row naming {@code subject_id} and {@code image},
 * and optionally {@code finger_position}, {@code dpi} and subject attributes. Rows sharing a
 * subject id become one subject with several fingers. Lines starting with '#' are comments.
 */
final class ManifestReader {

    record Image(Path path, int position, int dpi) {
    }

    record Entry(String subjectId, List<Image> images, Map<String, String> attributes) {
    }

    private ManifestReader() {
    }

    static List<Entry> read(Path manifest) throws IOException {
        List<String> lines = Files.readAllLines(manifest).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .toList();
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("manifest " + manifest + " is empty");
        }
        List<String> header = Arrays.stream(lines.get(0).split(",", -1)).map(String::trim).toList();
        int subjectColumn = require(header, "subject_id", manifest);
        int imageColumn = require(header, "image", manifest);
        Path base = manifest.toAbsolutePath().getParent();
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (int lineNumber = 1; lineNumber < lines.size(); lineNumber++) {
            String[] cells = lines.get(lineNumber).split(",", -1);
            if (cells.length != header.size()) {
                throw new IllegalArgumentException(manifest + " row " + (lineNumber + 1) + " has " + cells.length
                        + " cells, the header has " + header.size());
            }
            String subjectId = cells[subjectColumn].trim();
            Image image = new Image(base.resolve(cells[imageColumn].trim()),
                    intCell(header, cells, "finger_position"), intCell(header, cells, "dpi"));
            Entry entry = entries.computeIfAbsent(subjectId,
                    id -> new Entry(id, new ArrayList<>(), new LinkedHashMap<>()));
            entry.images().add(image);
            for (String attribute : Attributes.SUBJECT_ATTRIBUTES) {
                int column = header.indexOf(attribute);
                if (column >= 0 && !cells[column].isBlank()) {
                    entry.attributes().put(attribute, cells[column].trim());
                }
            }
        }
        return new ArrayList<>(entries.values());
    }

    private static int require(List<String> header, String column, Path manifest) {
        int index = header.indexOf(column);
        if (index < 0) {
            throw new IllegalArgumentException("manifest " + manifest + " has no '" + column + "' column");
        }
        return index;
    }

    private static int intCell(List<String> header, String[] cells, String column) {
        int index = header.indexOf(column);
        return index < 0 || cells[index].isBlank() ? 0 : Integer.parseInt(cells[index].trim());
    }
}
