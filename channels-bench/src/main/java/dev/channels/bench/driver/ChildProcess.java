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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A server the bench started in a process of its own (a bench server JVM, a cluster node, the Socket.IO
 * peer): it prints {@link BenchServerMain#READY}{@code <port>} once listening and stops when its standard
 * input closes ({@link #close()}). Its output (both streams) goes to the bench's log with a {@code [name]}
 * prefix, copied by a daemon thread of its own ({@code <name>-stdout}) that lives as long as the process.
 */
public final class ChildProcess implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ChildProcess.class.getName());

    private final Process process;
    private final int port;

    private ChildProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * The start of a command line that runs a JVM like this one ({@code java} of {@code java.home}) with
     * {@code heap} as its fixed heap ({@code -Xms} and {@code -Xmx}); the caller appends to it.
     */
    public static List<String> javaCommand(String heap) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xms" + heap);
        command.add("-Xmx" + heap);
        return command;
    }

    /**
     * Runs {@code command} (in {@code dir}, or this process's directory when {@code null}) and waits up
     * to 60 s for its READY line; a process that exits or stays silent that long is killed.
     */
    public static ChildProcess start(String name, List<String> command, Path dir) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        Process process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith(BenchServerMain.READY)) {
                        ready.complete(Integer.parseInt(line.substring(BenchServerMain.READY.length()).trim()));
                    } else {
                        LOG.log(System.Logger.Level.INFO, "[{0}] {1}", name, line);
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
            ready.completeExceptionally(new IllegalStateException(name + " exited before it was ready"));
        }, name + "-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            return new ChildProcess(process, ready.get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException(name + " did not start: " + command, e);
        }
    }

    /** The port it reported in its READY line. */
    public int port() {
        return port;
    }

    /** The running process. */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /**
     * CPU time (user + system) of {@code process} so far, in nanoseconds; -1 when the OS does not say. The
     * JDK reads it from {@code /proc/<pid>/stat} on Linux, so it is the same measure for a JVM and for Node.
     */
    public static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    /** Closes its standard input and waits (20 s, then 10 s after a polite destroy) before it kills it. */
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
