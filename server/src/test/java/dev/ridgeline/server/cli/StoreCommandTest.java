package dev.ridgeline.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ridgeline.engine.EngineConfig;
import dev.ridgeline.engine.RidgelineEngine;
import dev.ridgeline.engine.Sample;
import dev.ridgeline.engine.store.KeyRing;
import dev.ridgeline.fixtures.fingerprint.SyntheticFingerprints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `./ridgeline store reencrypt` moves a store from one key to another; afterwards only the new key opens it. */
class StoreCommandTest {

    private static final SyntheticFingerprints FINGERS = new SyntheticFingerprints(404L);

    @TempDir
    Path work;

    private Path keyFile(String name, int fill) throws Exception {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) fill);
        return Files.writeString(work.resolve(name + ".key"), name + "=" + Base64.getEncoder().encodeToString(key) + "\n");
    }

    private RidgelineEngine open(Path keys) {
        EngineConfig defaults = EngineConfig.defaults(work.resolve("data"));
        RidgelineEngine engine = new RidgelineEngine(defaults.withStoreKeys(KeyRing.read(keys)));
        engine.load(progress -> { });
        return engine;
    }

    private static Sample finger(int impression) {
        return Sample.fingerImage(1, FINGERS.impressionPng(7, impression), 500);
    }

    @Test
    void reencryptMovesTheStoreToTheNewKey() throws Exception {
        Path oldKey = keyFile("k2026", 1);
        Path newKey = keyFile("k2027", 2);
        try (RidgelineEngine engine = open(oldKey)) {
            engine.createGallery("nexus", 1, 0);
            engine.enroll("nexus", "T1", List.of(finger(0)), Map.of(), false);
        }

        assertThat(RidgelineCli.commandLine().execute("store", "reencrypt", "--data-dir", work.resolve("nowhere").toString(),
                "--store-key-file", newKey.toString())).as("no store there").isEqualTo(2);
        int exit = RidgelineCli.commandLine().execute("store", "reencrypt", "--data-dir", work.resolve("data").toString(),
                "--store-key-file", newKey.toString(), "--old-key-file", oldKey.toString());
        assertThat(exit).isZero();

        try (RidgelineEngine engine = open(newKey)) {
            assertThat(engine.verifySubject(List.of(finger(1)), "nexus", "T1", 0).decision().match()).isTrue();
        }
        assertThatThrownBy(() -> open(oldKey)).hasMessageContaining("k2027");
        assertThat(RidgelineCli.commandLine().execute("store", "reencrypt", "--data-dir", work.resolve("data").toString()))
                .as("no new key named").isEqualTo(2);
    }
}
