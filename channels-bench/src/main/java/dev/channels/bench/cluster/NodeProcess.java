package dev.channels.bench.cluster;

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
 * One bench server node ({@link BenchServerMain}) in its own JVM with the bench's class path: on the
 * in-memory engine, or with {@code --redis URI} on the Redis engine. Its output (both streams) goes to
 * the bench's log with a {@code [name]} prefix; it stops when its standard input closes ({@link #close()}).
 */
final class NodeProcess implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(NodeProcess.class.getName());

    private final String name;
    private final Process process;
    private final int port;

    private NodeProcess(String name, Process process, int port) {
        this.name = name;
        this.process = process;
        this.port = port;
    }

    /**
     * Starts a node and waits (up to 60 s) for its READY line.
     *
     * @param redisUri the Redis to cluster on, or {@code null} for the in-memory engine
     * @param redisTimeout the Redis engine's command timeout (e.g. {@code 5s}), or blank for its default
     * @param history  messages each channel keeps (0: none, the bench server's default)
     */
    static NodeProcess start(String name, String heap, String redisUri, String redisTimeout, int history)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xms" + heap);
        command.add("-Xmx" + heap);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BenchServerMain.class.getName());
        command.add("--port");
        command.add("0");
        if (redisUri != null) {
            command.add("--redis");
            command.add(redisUri);
            if (redisTimeout != null && !redisTimeout.isBlank()) {
                command.add("--redis-timeout");
                command.add(redisTimeout);
            }
        }
        if (history > 0) {
            command.add("--history");
            command.add(Integer.toString(history));
        }
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
            return new NodeProcess(name, process, ready.get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("bench server node " + name + " did not start", e);
        }
    }

    String name() {
        return name;
    }

    /** The base URL members join under ({@code /ws/<channel>} is appended). */
    String baseUrl() {
        return "ws://127.0.0.1:" + port;
    }

    ProcessHandle handle() {
        return process.toHandle();
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

    /** CPU time (user + system) of {@code process} so far, in nanoseconds; -1 when the OS does not say. */
    static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }
}
