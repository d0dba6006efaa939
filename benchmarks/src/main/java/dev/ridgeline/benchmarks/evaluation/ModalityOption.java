package dev.ridgeline.benchmarks.evaluation;

/** The {@code --modality} of the measuring commands. */
enum ModalityOption { FINGER, FACE }
