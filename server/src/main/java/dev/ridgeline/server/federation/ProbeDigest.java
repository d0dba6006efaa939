package dev.ridgeline.server.federation;

import dev.ridgeline.api.v1.Sample;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** The SHA-256 of a probe's samples as sent: what the audit keeps of a probe instead of the probe. */
final class ProbeDigest {

    private ProbeDigest() {
    }

    static String of(List<Sample> probe) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Sample sample : probe) {
                digest.update(sample.toByteArray());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
