package dev.ridgeline.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTest {

    @TempDir
    Path directory;

    private record Refusal(int exit, String stderr) {
    }

    /** Runs `serve` with these options, which must make it refuse to start. */
    private Refusal serve(String... options) {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int exit;
        try {
            String[] args = new String[options.length + 5];
            System.arraycopy(new String[] {"serve", "--metrics-port", "-1", "--data-dir",
                    directory.resolve("data").toString()}, 0, args, 0, 5);
            System.arraycopy(options, 0, args, 5, options.length);
            exit = RidgelineCli.commandLine().execute(args);
        } finally {
            System.setErr(stderr);
        }
        return new Refusal(exit, captured.toString(StandardCharsets.UTF_8));
    }

    @Test
    void serveRefusesAnExposedAddressWithoutTlsAndAuthWithANonZeroExit() {
        Refusal refusal = serve("--host", "0.0.0.0", "--port", "0");
        assertThat(refusal.exit()).isEqualTo(2);
        assertThat(refusal.stderr()).contains("serve: refusing to listen on 0.0.0.0");
    }

    @Test
    void aClusterMemberWithoutAStoreKeyIsRefusedBeforeItTouchesTheNetwork() {
        Refusal refusal = serve("--port", "0", "--cluster-name", "c", "--members", "127.0.0.1:5701",
                "--postgres", "jdbc:postgresql://127.0.0.1:1/ridgeline");
        assertThat(refusal.exit()).isEqualTo(2);
        assertThat(refusal.stderr()).contains("serve: cluster mode needs a store key");
    }

    @Test
    void aPostgresPasswordOnTheCommandLineIsRefused() throws Exception {
        Path keyFile = Files.writeString(directory.resolve("store.key"),
                "k1=" + Base64.getEncoder().encodeToString(new byte[32]) + "\n");
        Refusal refusal = serve("--port", "0", "--store-key-file", keyFile.toString(), "--cluster-name", "c",
                "--members", "127.0.0.1:5701", "--postgres", "jdbc:postgresql://db:5432/ridgeline?user=r&password=secret");
        assertThat(refusal.exit()).isEqualTo(2);
        assertThat(refusal.stderr()).contains("--postgres must not carry a password")
                .contains("RIDGELINE_POSTGRES_PASSWORD");
    }
}
