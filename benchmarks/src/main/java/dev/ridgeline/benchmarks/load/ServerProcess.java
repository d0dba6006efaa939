package dev.ridgeline.benchmarks.load;

import dev.ridgeline.benchmarks.Folders;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Ridgeline service the run starts as a separate JVM (so its heap holds only the service) and
 * stops at the end: bench's service, with its store in a temporary folder it deletes, or a cluster
 * member over a data folder the caller keeps. It can measure the service's heap after a full GC.
 */
public final class ServerProcess implements AutoCloseable {

    private static final long START_TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(3);

    private final Process process;
    private final Path dataDirectory;
    /** Whether {@link #close()} deletes {@link #dataDirectory}: only a folder this class made. */
    private final boolean temporaryData;
    private final int port;
    private final int metricsPort;

    private ServerProcess(Process process, Path dataDirectory, boolean temporaryData, int port, int metricsPort) {
        this.process = process;
        this.dataDirectory = dataDirectory;
        this.temporaryData = temporaryData;
        this.port = port;
        this.metricsPort = metricsPort;
    }

    /** Starts {@code jar serve} on free loopback ports with its store in a temporary folder, its output going to {@code log}. */
    static ServerProcess start(Path jar, List<String> jvmArguments, Path log) throws IOException {
        return start(jar, jvmArguments, Files.createTempDirectory("ridgeline-bench-"), true, List.of(), Map.of(), log);
    }

    /**
     * Starts {@code jar serve} as a cluster member, with its data in {@code dataDirectory}, which is kept.
     *
     * @param serveArguments the cluster's options ({@code --cluster-name}, {@code --members} ...)
     * @param environment    variables beside this process's, such as the store key
     */
    public static ServerProcess startMember(Path jar, Path dataDirectory, List<String> serveArguments,
                                            Map<String, String> environment, Path log) throws IOException {
        return start(jar, List.of(), dataDirectory, false, serveArguments, environment, log);
    }

    /** The service jar of this checkout: this tool runs from benchmarks/target/benchmarks.jar or benchmarks/target/classes. */
    public static Path defaultJar() {
        try {
            Path location = Path.of(ServerProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return location.getParent().getParent().getParent().resolve("server/target/ridgeline.jar");
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ServerProcess start(Path jar, List<String> jvmArguments, Path data, boolean temporaryData,
                                       List<String> serveArguments, Map<String, String> environment, Path log)
            throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException("no service jar at " + jar + ": build it (mvn -DskipTests -pl server -am package)"
                    + " or name it with --server-jar");
        }
        int port = freePort();
        int metricsPort = freePort();
        List<String> command = new ArrayList<>(List.of(javaExecutable(),
                "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"));
        command.addAll(jvmArguments);
        command.addAll(List.of("-jar", jar.toString(), "serve", "--data-dir", data.toString(),
                "--port", Integer.toString(port), "--metrics-port", Integer.toString(metricsPort)));
        command.addAll(serveArguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        // One access-log line per call would make the service spend the run writing its log.
        builder.environment().put("RIDGELINE_ACCESS_LOG_LEVEL", "WARN");
        builder.environment().putAll(environment);
        ServerProcess server = new ServerProcess(builder.start(), data, temporaryData, port, metricsPort);
        // A child JVM outlives its parent: stop it (and delete a temporary store) also when the run is interrupted (Ctrl-C).
        Runtime.getRuntime().addShutdownHook(new Thread(server::closeQuietly, "bench-server-stop"));
        return server;
    }

    public String target() {
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
        await(channel, status -> status == ServingStatus.SERVING, "SERVING");
    }

    /** Waits until the service answers gRPC health at all, whatever its status (it may still be loading). */
    public void awaitListening(ManagedChannel channel) throws InterruptedException {
        await(channel, status -> true, "listening");
    }

    private void await(ManagedChannel channel, Predicate<ServingStatus> ready, String state) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with code " + process.exitValue()
                        + " while starting; see its log");
            }
            // A refused connection backs the channel off for up to minutes: retry now, as the loop paces itself.
            channel.resetConnectBackoff();
            try {
                if (ready.test(health.withDeadlineAfter(2, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.getDefaultInstance()).getStatus())) {
                    return;
                }
            } catch (StatusRuntimeException notYetListening) {
                // the JVM is still starting; try again
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the service was not " + state + " within 3 minutes");
    }

    /** Heap in use right after a full GC (jcmd GC.run), as the service's JVM memory metric reports it. */
    public long heapUsedAfterGc() throws IOException, InterruptedException {
        Process gc = new ProcessBuilder(jcmdExecutable(), Long.toString(pid()), "GC.run")
                .redirectErrorStream(true).start();
        String output = new String(gc.getInputStream().readAllBytes());
        if (gc.waitFor() != 0) {
            throw new IOException("jcmd GC.run failed: " + output.strip());
        }
        return (long) PrometheusText.scrape(metrics()).sum("jvm_memory_used_bytes", Map.of("area", "heap"));
    }

    /**
     * Stops the service as an operator would (SIGTERM, so it closes its store), and deletes its
     * data when it was a temporary folder; repeatable.
     */
    @Override
    public synchronized void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        if (temporaryData) {
            Folders.deleteTree(dataDirectory);
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException | InterruptedException e) {
            System.err.println("could not stop the service or delete " + dataDirectory + ": " + e.getMessage());
        }
    }

    /** A loopback port no one listens on now. */
    public static int freePort() throws IOException {
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
