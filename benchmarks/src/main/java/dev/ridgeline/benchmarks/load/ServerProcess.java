package dev.ridgeline.benchmarks.load;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Ridgeline service the run starts as a separate JVM (so its heap holds only the service), with
 * its store in a temporary folder, and stops and deletes at the end. It can measure the service's
 * heap after a full GC.
 */
final class ServerProcess implements AutoCloseable {

    private static final long START_TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(3);

    private final Process process;
    private final Path dataDirectory;
    private final int port;
    private final int metricsPort;

    private ServerProcess(Process process, Path dataDirectory, int port, int metricsPort) {
        this.process = process;
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.metricsPort = metricsPort;
    }

    /** Starts {@code jar serve} on free loopback ports, its output going to {@code log}. */
    static ServerProcess start(Path jar, List<String> jvmArguments, Path log) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException("no service jar at " + jar + ": build it (mvn -DskipTests -pl server -am package)"
                    + " or name it with --server-jar");
        }
        Path data = Files.createTempDirectory("ridgeline-bench-");
        int port = freePort();
        int metricsPort = freePort();
        List<String> command = new ArrayList<>(List.of(javaExecutable(),
                "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"));
        command.addAll(jvmArguments);
        command.addAll(List.of("-jar", jar.toString(), "serve", "--data-dir", data.toString(),
                "--port", Integer.toString(port), "--metrics-port", Integer.toString(metricsPort)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        // One access-log line per call would make the service spend the run writing its log.
        builder.environment().put("RIDGELINE_ACCESS_LOG_LEVEL", "WARN");
        ServerProcess server = new ServerProcess(builder.start(), data, port, metricsPort);
        // A child JVM outlives its parent: stop it and delete its store also when bench is interrupted (Ctrl-C).
        Runtime.getRuntime().addShutdownHook(new Thread(server::closeQuietly, "bench-server-stop"));
        return server;
    }

    String target() {
        return "127.0.0.1:" + port;
    }

    URI metrics() {
        return URI.create("http://127.0.0.1:" + metricsPort + "/metrics");
    }

    long pid() {
        return process.pid();
    }

    /** Waits until gRPC health says SERVING (the store is loaded). */
    void awaitServing(ManagedChannel channel) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with code " + process.exitValue()
                        + " while starting; see its log");
            }
            try {
                if (health.withDeadlineAfter(2, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance())
                        .getStatus() == ServingStatus.SERVING) {
                    return;
                }
            } catch (StatusRuntimeException notYetListening) {
                // the JVM is still starting; try again
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the service was not SERVING within 3 minutes");
    }

    /** Heap in use right after a full GC (jcmd GC.run), as the service's JVM memory metric reports it. */
    long heapUsedAfterGc() throws IOException, InterruptedException {
        Process gc = new ProcessBuilder(jcmdExecutable(), Long.toString(pid()), "GC.run")
                .redirectErrorStream(true).start();
        String output = new String(gc.getInputStream().readAllBytes());
        if (gc.waitFor() != 0) {
            throw new IOException("jcmd GC.run failed: " + output.strip());
        }
        return (long) PrometheusText.scrape(metrics()).sum("jvm_memory_used_bytes", Map.of("area", "heap"));
    }

    /** Stops the service as an operator would (SIGTERM, so it closes its store) and deletes its data; repeatable. */
    @Override
    public synchronized void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        if (!Files.exists(dataDirectory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException | InterruptedException e) {
            System.err.println("could not stop the service or delete " + dataDirectory + ": " + e.getMessage());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The java this tool runs on, so the service runs on the same JDK. */
    private static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static String jcmdExecutable() {
        Path jcmd = Path.of(javaExecutable()).resolveSibling("jcmd");
        return Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd";
    }
}
