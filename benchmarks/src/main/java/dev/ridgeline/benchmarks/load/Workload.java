package dev.ridgeline.benchmarks.load;

import java.util.List;
import java.util.Locale;

/** The gallery a run fills and the probes its clients send, for one modality. */
interface Workload {

    /** Subject {@code index} (0 .. gallery size - 1) of the gallery; the same index always gives the same subject. */
    GallerySubject subject(int index);

    /** Probes whose mates are enrolled; clients cycle through them. */
    List<Probe> probes();

    /** One line saying what is enrolled and what probes it, for the run's output. */
    String description();

    static String subjectId(int index) {
        return String.format(Locale.ROOT, "subject-%07d", index);
    }
}
