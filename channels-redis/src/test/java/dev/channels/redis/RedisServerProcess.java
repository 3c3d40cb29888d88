package dev.channels.redis;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 * A real {@code redis-server} for a test: on a free port, in a temp directory, with persistence off
 * ({@code --save '' --appendonly no}), so nothing outlives the test. It can be killed with SIGKILL
 * (kill -9) and started again on the same port, either empty (what Redis without persistence is after
 * a crash) or with the data of its last {@link #save()} (an RDB file in the temp directory), or, for a
 * {@link #startPersistent()} server, of its append-only file.
 *
 * <p>Needs the {@code redis-server} binary (Debian: {@code apt-get install redis-server}); without it
 * {@link #start()} fails and says so. Not thread-safe: one test thread drives it.
 */
final class RedisServerProcess implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(30);

    private final Path dir;
    private final int port;
    private final boolean appendOnly;
    private Process process;

    private RedisServerProcess(Path dir, int port, boolean appendOnly) {
        this.dir = dir;
        this.port = port;
        this.appendOnly = appendOnly;
    }

    /** Starts a new server on a free port. */
    static RedisServerProcess start() {
        return start(false);
    }

    /**
     * Starts a new server on a free port that writes every change to its append-only file before it
     * answers ({@code --appendonly yes --appendfsync always}, in the temp directory), so that after a
     * kill -9 {@link #restart restart(true)} brings back every write Redis acknowledged.
     */
    static RedisServerProcess startPersistent() {
        return start(true);
    }

    private static RedisServerProcess start(boolean appendOnly) {
        try {
            RedisServerProcess redis = new RedisServerProcess(Files.createTempDirectory("channels-redis-"), freePort(), appendOnly);
            redis.launch(false);
            return redis;
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare a redis-server", e);
        }
    }

    /** The URI an engine connects with. */
    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /** Kills the server with SIGKILL, as a crash would, and waits until it is gone. */
    void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly(); // SIGKILL on Unix
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("redis-server on port " + port + " did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        process = null;
    }

    /**
     * Starts the killed server again on the same port: empty ({@code keepData} false: what a Redis
     * without persistence is after a crash), or with the dataset of the last {@link #save()} (of its
     * append-only file, for a {@link #startPersistent()} server).
     */
    void restart(boolean keepData) {
        if (process != null) {
            throw new IllegalStateException("redis-server on port " + port + " is still running: kill it first");
        }
        launch(keepData);
    }

    /** Writes the dataset to the RDB file (SAVE), as a Redis with persistence would have it before a crash. */
    void save() {
        String reply = command("SAVE");
        if (!reply.equals("+OK")) {
            throw new IllegalStateException("SAVE answered " + reply);
        }
    }

    /** Sends one inline command and returns the first reply line (e.g. {@code +OK}, {@code :3}). */
    String command(String inline) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        } catch (IOException e) {
            throw new IllegalStateException("redis-server on port " + port + " did not answer " + inline, e);
        }
    }

    @Override
    public void close() {
        kill();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    private void launch(boolean withData) {
        List<String> cmd = new ArrayList<>(List.of(binary(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", appendOnly ? "yes" : "no", "--appendfsync", "always",
                "--appenddirname", "appendonly", "--dir", dir.toString(),
                "--dbfilename", "dump.rdb", "--daemonize", "no", "--logfile", dir.resolve("redis.log").toString()));
        if (!withData) {
            deleteDump();
        }
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + cmd, e);
        }
        await().atMost(STARTUP).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("redis-server exited: " + log());
                    }
                    return command("PING").equals("+PONG");
                });
    }

    private void deleteDump() {
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

    private static String binary() {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/local/bin").split(java.io.File.pathSeparator)) {
            Path p = Path.of(d, "redis-server");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        for (String p : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server", "/usr/sbin/redis-server")) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        throw new IllegalStateException("redis-server not found on the PATH: the Redis tests start real Redis servers;"
                + " install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
