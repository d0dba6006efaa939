package dev.ridgeline.benchmarks.evaluation;

/** The {@code --modality} of the measuring commands. */
public enum ModalityOption { FINGER, FACE }
