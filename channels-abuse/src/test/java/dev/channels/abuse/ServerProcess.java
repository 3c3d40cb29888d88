package dev.channels.abuse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@link AbuseServerMain} in a child JVM on this JVM's class path, and its command channel. Its log
 * (standard error) goes to {@code target/abuse-logs/<name>.log}. A command that gets no answer
 * within its bound (a wedged server) fails with the part of the answer that came.
 *
 * <p>Threads: the test thread sends commands one at a time ({@code synchronized}); one daemon
 * thread moves the child's answer lines into a queue.
 */
final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final Writer commands;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private long nextId;
    private final int port;
    private final Path log;

    private ServerProcess(Process process, Path log) throws IOException {
        this.process = process;
        this.log = log;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith(AbuseServerMain.PREFIX)) {
                        answers.add(line.substring(AbuseServerMain.PREFIX.length()));
                    }
                }
            } catch (IOException e) {
                // the child ended
            }
            answers.add("exited");
        }, "abuse-server-stdout");
        reader.setDaemon(true);
        reader.start();
        String ready = poll(60);
        if (ready == null || !ready.startsWith("ready ")) {
            process.destroyForcibly();
            throw new IOException("the server did not start (" + ready + "); its log: " + log);
        }
        this.port = Integer.parseInt(ready.substring("ready ".length()).trim());
    }

    /**
     * Starts the server on {@code runner} ({@code tyrus} or {@code jetty}) with heap {@code heap}
     * (e.g. {@code 512m}), logging to {@code target/abuse-logs/<name>.log}.
     */
    static ServerProcess start(String runner, String heap, String name) throws IOException {
        Path logs = Path.of("target", "abuse-logs");
        Files.createDirectories(logs);
        Path log = logs.resolve(name + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xms" + heap);
        command.add("-Xmx" + heap);
        // the serial collector: System.gc() is one full compacting collection, so "used heap after GC"
        // is exact and repeatable, and the collector takes no core of its own on a 2-core machine
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(AbuseServerMain.class.getName());
        command.add(runner);
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.to(log.toFile()))
                .start();
        return new ServerProcess(process, log);
    }

    int port() {
        return port;
    }

    Path log() {
        return log;
    }

    /** Used heap after full GC, in bytes. */
    long heapAfterGc() {
        String answer = command("heap", 120).get(0);
        return Long.parseLong(answer.split(" ")[1]);
    }

    /** The class histogram of live objects ({@code GC.class_histogram}), as text. */
    String histogram() {
        return String.join("\n", command("histogram", 120));
    }

    /** Joined connections now ({@code ServerStats.connections}). */
    int connections() {
        return Integer.parseInt(command("stats", 30).get(0).split(" ")[1]);
    }

    /** The server's {@code ServerStats} as text. */
    String stats() {
        return command("stats", 30).get(0);
    }

    /** Empty when the JVM finds no deadlocked threads, else the count and a dump of every thread. */
    String deadlock() {
        List<String> lines = command("deadlock", 60);
        return lines.get(0).equals("deadlock none") ? "" : String.join("\n", lines);
    }

    /** How many lines of the server's log are at WARNING or worse (java.util.logging's format). */
    long warningLines() {
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.startsWith("WARNING:") || l.startsWith("SEVERE:")).count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Sends {@code command}; its answer lines (without the end marker); fails after {@code seconds}. */
    synchronized List<String> command(String command, int seconds) {
        List<String> lines = new ArrayList<>();
        String end = "end " + (++nextId);
        try {
            commands.write(command + " " + nextId + "\n");
            commands.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            for (;;) {
                String line = answers.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null || line.equals("exited")) {
                    answers.clear();
                    throw new IllegalStateException("the server " + (line == null ? "did not answer '" + command
                            + "' within " + seconds + " s" : "exited") + "; answer so far: " + lines + "; its log: " + log);
                }
                if (line.equals(end)) {
                    return lines;
                }
                if (line.startsWith("end ")) {
                    lines.clear(); // the answer to an earlier command that was given up on
                    continue;
                }
                lines.add(line.startsWith(" ") ? line.substring(1) : line);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the server (" + e + "); its log: " + log, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private String poll(int seconds) {
        try {
            return answers.poll(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Asks the server to quit; kills it when it does not within 10 s. */
    @Override
    public void close() {
        try {
            commands.write("quit\n");
            commands.flush();
            commands.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
