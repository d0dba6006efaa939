package dev.ridgeline.engine.gallery;

import com.machinezoo.sourceafis.FingerprintTemplate;

/** One enrolled finger in a shard, held ready to match: never deserialized inside a search. */
record FingerRow(String subjectId, int position, FingerprintTemplate template) {
}
