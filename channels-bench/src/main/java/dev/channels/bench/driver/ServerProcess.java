package dev.channels.bench.driver;

import dev.channels.bench.server.BenchServerMain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The bench server ({@link BenchServerMain}) in its own JVM, started with the driver's class path.
 * It runs with Native Memory Tracking (summary) so {@link #nativeCommittedBytes()} can ask
 * {@code jcmd} for committed native memory, and optionally with a JFR recording.
 * Its output (both streams) is copied to the driver's standard error with a {@code [server]} prefix.
 */
final class ServerProcess implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ServerProcess.class.getName());

    private final Process process;
    private final int port;

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static ServerProcess start(String heap, List<String> extraJvmArgs, Path jfrFile) throws IOException {
        return start("tyrus", heap, extraJvmArgs, jfrFile);
    }

    /** The main class of the bench server on {@code runtime}: tyrus (the default), jetty or undertow. */
    static String mainClass(String runtime) {
        return switch (runtime) {
            case "tyrus" -> BenchServerMain.class.getName();
            case "jetty" -> "dev.channels.bench.server.jetty.JettyBenchServer";
            case "undertow" -> "dev.channels.bench.server.undertow.UndertowBenchServer";
            default -> throw new IllegalArgumentException("unknown runtime '" + runtime + "' (tyrus, jetty or undertow)");
        };
    }

    /** Starts the bench server on {@code runtime} ({@link #mainClass}). */
    static ServerProcess start(String runtime, String heap, List<String> extraJvmArgs, Path jfrFile) throws IOException {
        String main = mainClass(runtime);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xms" + heap);
        command.add("-Xmx" + heap);
        command.add("-XX:NativeMemoryTracking=summary");
        if (jfrFile != null) {
            command.add("-XX:StartFlightRecording=filename=" + jfrFile + ",settings=profile");
        }
        command.addAll(extraJvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main);
        command.add("--port");
        command.add("0");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith(BenchServerMain.READY)) {
                        ready.complete(Integer.parseInt(line.substring(BenchServerMain.READY.length()).trim()));
                    } else {
                        LOG.log(System.Logger.Level.INFO, "[server] {0}", line);
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
            ready.completeExceptionally(new IllegalStateException("server exited before it was ready"));
        }, "server-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            return new ServerProcess(process, ready.get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("bench server did not start", e);
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** CPU time the server process has used so far (user + system), in nanoseconds. */
    long cpuNanos() {
        return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    /** Committed native memory of the whole server JVM per NMT ({@code jcmd VM.native_memory summary}), if available. */
    Optional<Long> nativeCommittedBytes() {
        try {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "VM.native_memory", "summary", "scale=KB")
                    .redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            // "Total: reserved=123KB, committed=45KB"
            int total = text.indexOf("Total:");
            if (total < 0) {
                return Optional.empty();
            }
            int committed = text.indexOf("committed=", total);
            int end = text.indexOf("KB", committed);
            return Optional.of(Long.parseLong(text.substring(committed + "committed=".length(), end).trim()) * 1024);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Resident set size of the server process ({@code VmRSS} of {@code /proc/<pid>/status}), if the OS has it. */
    Optional<Long> residentBytes() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {   // "VmRSS:    123456 kB"
                    return Optional.of(Long.parseLong(line.substring(6).replace("kB", "").trim()) * 1024);
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Writes the server's class histogram of live objects ({@code jcmd GC.class_histogram}) to {@code file}. */
    void classHistogram(Path file) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "GC.class_histogram")
                .redirectErrorStream(true).redirectOutput(file.toFile()).start();
        p.waitFor(120, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroy();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException ignored) {
            process.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            process.destroyForcibly();
        }
    }
}
