package dev.ridgeline.benchmarks.load;

/** What each booth call does. */
public enum Operation { VERIFY, IDENTIFY, ENROLL }
