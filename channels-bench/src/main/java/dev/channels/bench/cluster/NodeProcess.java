package dev.channels.bench.cluster;

import dev.channels.bench.driver.ChildProcess;
import dev.channels.bench.server.BenchServerMain;

import java.io.IOException;
import java.util.List;

/**
 * One bench server node ({@link BenchServerMain}) in its own JVM with the bench's class path: on the
 * in-memory engine, or with {@code --redis URI} on the Redis engine. It runs as a {@link ChildProcess}: its
 * output (both streams) goes to the bench's log with a {@code [name]} prefix; it stops when its standard
 * input closes ({@link #close()}).
 *
 * @param name    its name in the log
 * @param process its process
 */
record NodeProcess(String name, ChildProcess process) implements AutoCloseable {

    /**
     * Starts a node and waits (up to 60 s) for its READY line.
     *
     * @param redisUri the Redis to cluster on, or {@code null} for the in-memory engine
     * @param redisTimeout the Redis engine's command timeout (e.g. {@code 5s}), or blank for its default
     * @param history  messages each channel keeps (0: none, the bench server's default)
     */
    static NodeProcess start(String name, String heap, String redisUri, String redisTimeout, int history)
            throws IOException {
        List<String> command = ChildProcess.javaCommand(heap);
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
        return new NodeProcess(name, ChildProcess.start(name, command, null));
    }

    /** The base URL members join under ({@code /ws/<channel>} is appended). */
    String baseUrl() {
        return "ws://127.0.0.1:" + process.port();
    }

    ProcessHandle handle() {
        return process.handle();
    }

    @Override
    public void close() {
        process.close();
    }
}
