package dev.ridgeline.server.cli;

import com.google.protobuf.ByteString;
import dev.ridgeline.api.v1.Image;
import dev.ridgeline.api.v1.Modality;
import dev.ridgeline.api.v1.Sample;
import dev.ridgeline.fixtures.fingerprint.FvcNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Image files given on the command line. In folders, files follow the FVC naming
 * {@code NNN_K.ext}: subject {@code NNN}, impression {@code K}.
 */
final class ImageFiles {

    /** One image; {@code subjectId} is null for a single file not named the FVC way. */
    record ImageFile(Path path, String subjectId, int impression) {

        Sample sample(Modality modality, int position, int dpi) {
            return ImageFiles.sample(path, modality, position, dpi);
        }
    }

    private ImageFiles() {
    }

    /** Files as given, folders expanded to their FVC-named images, keeping only the chosen impressions. */
    static List<ImageFile> collect(List<Path> paths, ImpressionRange impressions) {
        List<ImageFile> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> entries = Files.list(path)) {
                    entries.map(ImageFiles::parse)
                            .filter(f -> f.subjectId() != null && impressions.contains(f.impression()))
                            .sorted(Comparator.comparing(ImageFile::subjectId).thenComparing(ImageFile::impression))
                            .forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + path, e);
                }
            } else if (Files.isRegularFile(path)) {
                files.add(parse(path));
            } else {
                throw new IllegalArgumentException("no such file or folder: " + path);
            }
        }
        return files;
    }

    static Map<String, List<ImageFile>> bySubject(List<ImageFile> files) {
        Map<String, List<ImageFile>> grouped = new LinkedHashMap<>();
        for (ImageFile file : files) {
            grouped.computeIfAbsent(file.subjectId(), id -> new ArrayList<>()).add(file);
        }
        return grouped;
    }

    static ImageFile parse(Path path) {
        return FvcNames.parse(path)
                .map(name -> new ImageFile(path, name.subject(), name.impression()))
                .orElse(new ImageFile(path, null, 0));
    }

    static Sample sample(Path path, Modality modality, int position, int dpi) {
        try {
            return Sample.newBuilder()
                    .setModality(modality)
                    .setFingerPosition(position)
                    .setImage(Image.newBuilder().setData(ByteString.copyFrom(Files.readAllBytes(path))).setDpi(dpi))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** Impression numbers to use from FVC folders, e.g. "1", "2-8" or "all". */
    record ImpressionRange(int from, int to) {

        static final ImpressionRange ALL = new ImpressionRange(0, Integer.MAX_VALUE);

        static ImpressionRange parse(String text) {
            String spec = text.trim().toLowerCase(Locale.ROOT);
            if (spec.equals("all")) {
                return ALL;
            }
            int dash = spec.indexOf('-');
            if (dash < 0) {
                int single = Integer.parseInt(spec);
                return new ImpressionRange(single, single);
            }
            return new ImpressionRange(Integer.parseInt(spec.substring(0, dash)), Integer.parseInt(spec.substring(dash + 1)));
        }

        boolean contains(int impression) {
            return impression >= from && impression <= to;
        }
    }
}
