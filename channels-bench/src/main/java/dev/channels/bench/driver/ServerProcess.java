package dev.channels.bench.driver;

import dev.channels.bench.server.BenchServerMain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A server process the driver started: the bench server ({@link BenchServerMain}) in its own JVM, on the
 * driver's class path or a baseline's, or the Socket.IO peer on Node. Each prints
 * {@code BENCH-SERVER READY port=<port>} once listening and stops when its standard input closes.
 * A JVM runs with Native Memory Tracking (summary) so {@link #nativeCommittedBytes()} can ask
 * {@code jcmd} for committed native memory, and optionally with a JFR recording.
 * It runs as a {@link ChildProcess} (its output copied to the driver's log with a {@code [name]} prefix).
 *
 * @param process its process
 * @param jvm     whether it is a JVM (then {@code jcmd} can ask it for native memory)
 */
record ServerProcess(ChildProcess process, boolean jvm) implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ServerProcess.class.getName());

    /** {@link BenchServerMain} on the driver's own class path. */
    static ServerProcess start(String heap, List<String> extraJvmArgs, Path jfrFile) throws IOException {
        return start("tyrus", heap, extraJvmArgs, jfrFile);
    }

    /** The main class of the bench server on {@code runtime}: tyrus (the default), jetty, undertow or standalone. */
    static String mainClass(String runtime) {
        return switch (runtime) {
            case "tyrus" -> BenchServerMain.class.getName();
            case "jetty" -> "dev.channels.bench.server.jetty.JettyBenchServer";
            case "undertow" -> "dev.channels.bench.server.undertow.UndertowBenchServer";
            case "standalone" -> "dev.channels.bench.server.StandaloneBenchServer";
            default -> throw new IllegalArgumentException("unknown runtime '" + runtime + "' (tyrus, jetty, undertow or standalone)");
        };
    }

    /** Starts the bench server on {@code runtime} ({@link #mainClass}), on the driver's class path. */
    static ServerProcess start(String runtime, String heap, List<String> extraJvmArgs, Path jfrFile) throws IOException {
        return startJvm("server", System.getProperty("java.class.path"), mainClass(runtime), heap, extraJvmArgs, jfrFile);
    }

    /** The bench server's {@code mainClass} on {@code classPath}, same JVM flags. */
    static ServerProcess startJvm(String name, String classPath, String mainClass, String heap, List<String> extraJvmArgs,
                                  Path jfrFile) throws IOException {
        List<String> command = ChildProcess.javaCommand(heap);
        command.add("-XX:NativeMemoryTracking=summary");
        if (jfrFile != null) {
            command.add("-XX:StartFlightRecording=filename=" + jfrFile + ",settings=profile");
        }
        command.addAll(extraJvmArgs);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.add("--port");
        command.add("0");
        return new ServerProcess(ChildProcess.start(name, command, null), true);
    }

    /**
     * The Socket.IO peer ({@code server.js} in {@code dir}) on the machine's {@code node}; first installs
     * its locked dependencies from the npm registry ({@code npm ci}) when {@code node_modules} lacks them.
     */
    static ServerProcess startSocketIo(Path dir) throws IOException {
        Path script = dir.resolve("server.js");
        if (!Files.isRegularFile(script)) {
            throw new IOException("no Socket.IO server at " + script.toAbsolutePath() + " (--socketio-dir)");
        }
        if (!Files.isDirectory(dir.resolve("node_modules").resolve("socket.io"))) {
            LOG.log(System.Logger.Level.INFO, "installing the Socket.IO server''s dependencies: npm ci in {0}", dir);
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                    .directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            try {
                if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                    throw new IOException("npm ci failed in " + dir + ":\n" + output);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted during npm ci", e);
            }
        }
        return new ServerProcess(ChildProcess.start("socketio", List.of("node", "--expose-gc", "server.js", "--port", "0"), dir),
                false);
    }

    int port() {
        return process.port();
    }

    long pid() {
        return process.handle().pid();
    }

    /** CPU time the server process has used so far (user + system), in nanoseconds ({@link ChildProcess#cpuNanos}). */
    long cpuNanos() {
        return ChildProcess.cpuNanos(process.handle());
    }

    /** Wake-ups of the process's live threads so far ({@link #wakeups(long)}), or -1. */
    long wakeups() {
        return wakeups(pid());
    }

    /**
     * Wake-ups of the live threads of process {@code pid}: their voluntary context switches (a thread blocked,
     * in a selector, a queue or a lock, and was woken), summed over {@code /proc/<pid>/task/<tid>/status} (Linux;
     * a thread that ended takes its count with it), or -1 when the system has no such files. Involuntary switches
     * (preemption) are left out: they measure the machine's load, not the program.
     */
    static long wakeups(long pid) {
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            long sum = 0;
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            sum += Long.parseLong(line.replaceAll("[^0-9]", ""));
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended while we read
                }
            }
            return sum;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Resident set size of the process ({@code VmRSS} of {@code /proc/<pid>/status}), if the system has it. */
    Optional<Long> rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Optional.of(Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return Optional.empty();
    }

    /** Committed native memory of the whole server JVM per NMT ({@code jcmd VM.native_memory summary}), if available. */
    Optional<Long> nativeCommittedBytes() {
        if (!jvm) {
            return Optional.empty();
        }
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

    /** Writes the server's class histogram of live objects ({@code jcmd GC.class_histogram}) to {@code file}. */
    void classHistogram(Path file) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "GC.class_histogram")
                .redirectErrorStream(true).redirectOutput(file.toFile()).start();
        p.waitFor(120, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.close();
    }
}
