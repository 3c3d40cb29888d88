package dev.channels.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} process: on a free loopback port, in a temp directory, with persistence
 * off ({@code --save '' --appendonly no}) unless {@link #startPersistent()}, so nothing outlives its
 * user. It can be killed with SIGKILL (kill -9) and started again on the same port, either empty (what
 * Redis without persistence is after a crash) or with the data of its last {@link #save()} (an RDB file
 * in the temp directory), or, for a persistent server, of its append-only file. {@link #close()} stops
 * it and deletes the directory; a JVM that exits first (Ctrl-C) kills it too.
 *
 * <pre>{@code
 * try (RedisServerProcess redis = RedisServerProcess.start()) {
 *     RedisEngine engine = RedisEngine.builder().uri(redis.uri()).build();
 *     redis.command("CONFIG", "SET", "maxmemory", "1");   // "OK"
 * }
 * }</pre>
 *
 * <p>Needs the {@code redis-server} binary (Debian: {@code apt-get install redis-server}; {@code .ci/run}
 * installs it); without it {@link #start()} fails and says so. Not thread-safe: one thread drives it.
 */
public final class RedisServerProcess implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(50);

    private final Path dir;
    private final int port;
    private final boolean appendOnly;
    private final Thread killOnExit = new Thread(this::destroyForcibly, "redis-server-kill-on-exit");
    private Process process;

    private RedisServerProcess(Path dir, int port, boolean appendOnly) {
        this.dir = dir;
        this.port = port;
        this.appendOnly = appendOnly;
    }

    /** Starts a new, empty server on a free port and returns once it answers {@code PING} (at most 30 s). */
    public static RedisServerProcess start() {
        return start(false);
    }

    /**
     * Starts a new server on a free port that writes every change to its append-only file before it
     * answers ({@code --appendonly yes --appendfsync always}, in the temp directory), so that after a
     * kill -9 {@link #restart restart(true)} brings back every write Redis acknowledged.
     */
    public static RedisServerProcess startPersistent() {
        return start(true);
    }

    private static RedisServerProcess start(boolean appendOnly) {
        RedisServerProcess redis;
        try {
            redis = new RedisServerProcess(Files.createTempDirectory("channels-redis-"), freePort(), appendOnly);
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare a redis-server", e);
        }
        Runtime.getRuntime().addShutdownHook(redis.killOnExit);
        try {
            redis.launch(false);
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
        return redis;
    }

    /** The URI a Redis engine connects with: {@code redis://127.0.0.1:<port>}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** The port the server listens on (loopback only). */
    public int port() {
        return port;
    }

    /** The running server process (for its CPU time); throws while it is killed. */
    public ProcessHandle handle() {
        if (process == null) {
            throw new IllegalStateException("redis-server on port " + port + " is killed");
        }
        return process.toHandle();
    }

    /** Kills the server with SIGKILL, as a crash would, and waits until it is gone. */
    public void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly(); // SIGKILL on Unix
        awaitExit();
        process = null;
    }

    /**
     * Starts the killed server again on the same port: empty ({@code keepData} false: what a Redis
     * without persistence is after a crash), or with the dataset of the last {@link #save()} (of its
     * append-only file, for a {@link #startPersistent()} server).
     */
    public void restart(boolean keepData) {
        if (process != null) {
            throw new IllegalStateException("redis-server on port " + port + " is still running: kill it first");
        }
        launch(keepData);
    }

    /** Writes the dataset to the RDB file (SAVE), as a Redis with persistence would have it before a crash. */
    public void save() {
        String reply = command("SAVE");
        if (!"OK".equals(reply)) {
            throw new IllegalStateException("SAVE answered " + reply);
        }
    }

    /**
     * Sends one command, each argument as given (no quoting needed), on a connection of its own, and
     * returns the reply: a simple string or an integer as text ({@code "OK"}, {@code "3"}), a bulk
     * string's content, {@code null} for a null reply. An error reply throws {@link IllegalStateException}
     * with Redis's message; so does a server that does not answer within 10 s.
     */
    public String command(String... args) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request(args));
            out.flush();
            return reply(new BufferedInputStream(socket.getInputStream()), args[0]);
        } catch (IOException e) {
            throw new IllegalStateException("redis-server on port " + port + " did not answer " + args[0], e);
        }
    }

    /** A number from {@code INFO section}, e.g. {@code info("memory", "used_memory")}. */
    public long info(String section, String field) {
        for (String line : command("INFO", section).split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim());
            }
        }
        throw new IllegalStateException("INFO " + section + " has no " + field);
    }

    /** Stops the server (SIGKILL: nothing it holds is wanted) and deletes its directory. */
    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException exiting) {
            // the JVM is exiting: the hook runs anyway
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    private void launch(boolean withData) {
        List<String> cmd = List.of(binary(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", appendOnly ? "yes" : "no", "--appendfsync", "always",
                "--appenddirname", "appendonly", "--dir", dir.toString(), "--dbfilename", "dump.rdb",
                "--daemonize", "no", "--logfile", dir.resolve("redis.log").toString());
        if (!withData) {
            deleteData();
        }
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + cmd, e);
        }
        awaitPong();
    }

    /** Polls PING until it answers (a start-up wait for a process we launched, bounded by 30 s). */
    private void awaitPong() {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        IllegalStateException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited: " + log());
            }
            try {
                if ("PONG".equals(command("PING"))) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                last = notYet;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while redis-server starts", e);
            }
        }
        throw new IllegalStateException("redis-server on port " + port + " did not answer PING in "
                + STARTUP.toSeconds() + " s: " + log(), last);
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("redis-server on port " + port + " did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void destroyForcibly() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
        }
    }

    private void deleteData() {
        try {
            Files.deleteIfExists(dir.resolve("dump.rdb"));
            Path aof = dir.resolve("appendonly");
            if (Files.isDirectory(aof)) {
                try (Stream<Path> files = Files.walk(aof)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static byte[] request(String... args) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        for (String a : args) {
            byte[] b = a.getBytes(StandardCharsets.UTF_8);
            request.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            request.writeBytes(b);
            request.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        return request.toByteArray();
    }

    private static String reply(InputStream in, String command) throws IOException {
        String line = readLine(in);
        if (line.isEmpty()) {
            throw new IOException("empty reply to " + command);
        }
        switch (line.charAt(0)) {
            case '+', ':' -> {
                return line.substring(1);
            }
            case '$' -> {
                int length = Integer.parseInt(line.substring(1));
                return length < 0 ? null : new String(in.readNBytes(length), StandardCharsets.UTF_8);
            }
            case '-' -> throw new IllegalStateException("redis-server answered " + command + ": " + line.substring(1));
            default -> throw new IllegalStateException("unexpected reply to " + command + ": " + line);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static String binary() {
        List<String> candidates = new ArrayList<>();
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            candidates.add(Path.of(d, "redis-server").toString());
        }
        candidates.addAll(List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server", "/usr/sbin/redis-server"));
        for (String p : candidates) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        throw new IllegalStateException("redis-server not found on the PATH: these tests start a real Redis;"
                + " install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
