package dev.ridgeline.engine.finger;

import com.machinezoo.sourceafis.FingerprintTemplate;

/**
 * What a gallery keeps of a finger: SourceAFIS's serialized template (about 400 bytes, against
 * about 10 KB deserialized), deserialized only when the finger is compared, and the
 * packed minutia pairs the first stage scores every finger by.
 */
public record CompactFinger(byte[] template, int[] pairs) {

    /** From a template and the serialized bytes it was read from. */
    public static CompactFinger of(FingerprintTemplate template, byte[] serialized) {
        return new CompactFinger(serialized, MinutiaPairs.reference(FingerprintTemplates.minutiae(template)));
    }
}
