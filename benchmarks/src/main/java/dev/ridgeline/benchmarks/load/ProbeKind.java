package dev.ridgeline.benchmarks.load;

/** What a probe carries: an image the service templates on every call, or a template made once up front. */
public enum ProbeKind { IMAGE, TEMPLATE }
