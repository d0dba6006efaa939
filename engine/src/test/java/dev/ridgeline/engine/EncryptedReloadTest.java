package dev.ridgeline.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ridgeline.engine.match.Decision;
import dev.ridgeline.engine.store.KeyRing;
import dev.ridgeline.engine.store.StoreCorruptionException;
import dev.ridgeline.fixtures.fingerprint.SyntheticFingerprints;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An engine on an encrypted store: the same finger matches after a reload, and a wrong key stops the load. */
class EncryptedReloadTest {

    private static final SyntheticFingerprints FINGERPRINTS = new SyntheticFingerprints(31);

    @TempDir
    Path dataDirectory;

    private static KeyRing key(String id, int fill) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) fill);
        return KeyRing.parse(id + "=" + Base64.getEncoder().encodeToString(key), "test");
    }

    private static Sample finger(int impression) {
        return Sample.fingerImage(2, FINGERPRINTS.impressionPng(4, impression), SyntheticFingerprints.DPI);
    }

    private RidgelineEngine open(KeyRing keys) {
        RidgelineEngine engine = new RidgelineEngine(EngineConfig.defaults(dataDirectory).withStoreKeys(keys));
        try {
            engine.load(progress -> { });
            return engine;
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    @Test
    void theSameFingerMatchesAfterAnEncryptedReloadAndTheWrongKeyFailsClearly() {
        KeyRing keyA = key("a", 1);
        Decision before;
        try (RidgelineEngine engine = open(keyA)) {
            engine.createGallery("g", 2, 0);
            engine.enroll("g", "traveller", List.of(finger(0)), Map.of("programme", "NEXUS"), false);
            before = engine.verifySubject(List.of(finger(1)), "g", "traveller", 0).decision();
        }
        assertThat(before.match()).isTrue();
        try (RidgelineEngine engine = open(keyA)) {
            assertThat(engine.verifySubject(List.of(finger(1)), "g", "traveller", 0).decision()).isEqualTo(before);
            assertThat(engine.subject("g", "traveller").attributes()).containsEntry("programme", "NEXUS");
        }
        assertThatThrownBy(() -> open(KeyRing.NONE)).isInstanceOf(StoreCorruptionException.class)
                .hasMessageStartingWith("subject 'traveller' in gallery 'g' was encrypted with key id a, which is not"
                        + " configured");
        assertThatThrownBy(() -> open(key("a", 2))).isInstanceOf(StoreCorruptionException.class)
                .hasMessageContaining("failed authentication under key id a: wrong key or corrupted record");
    }
}
