package dev.ridgeline.benchmarks.load;

import dev.ridgeline.api.v1.Sample;

/** A subject the fill enrolls: its id and its one template sample. */
record GallerySubject(String id, Sample sample) {
}
