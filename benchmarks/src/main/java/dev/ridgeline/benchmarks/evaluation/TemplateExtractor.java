package dev.ridgeline.benchmarks.evaluation;

import dev.ridgeline.engine.EngineException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import me.tongfei.progressbar.ProgressBar;

/**
 * How a modality turns one encoded sample into a template, as the service does. Implementations
 * are thread-safe: samples are extracted in parallel on every core.
 */
@FunctionalInterface
interface TemplateExtractor<T> {

    /** @throws EngineException when the service would refuse the sample (a failure to enroll) */
    T extract(byte[] encodedSample);

    /** Every file's template, in order, with {@code null} where the sample was refused. */
    default List<T> extractAll(List<Path> files) {
        List<T> templates = new ArrayList<>(Collections.nCopies(files.size(), null));
        try (ProgressBar progress = Progress.bar("extracting", files.size())) {
            IntStream.range(0, files.size()).parallel().forEach(i -> {
                try {
                    templates.set(i, extract(Files.readAllBytes(files.get(i))));
                } catch (EngineException refused) {
                    // A failure to enroll: the slot stays null.
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + files.get(i), e);
                }
                progress.step();
            });
        }
        return templates;
    }
}
