package dev.channels.it.support;

import static org.awaitility.Awaitility.await;

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
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} process for the container tests: on a free loopback port, in a temp
 * directory, persistence off ({@code --save '' --appendonly no}), so nothing outlives the run. The
 * same approach as channels-redis's own tests (its {@code RedisServerProcess}, test code that this
 * module cannot reach), without the kill-and-restart parts.
 *
 * <p>Needs the {@code redis-server} binary (Debian: {@code apt-get install redis-server}; {@code .ci/run}
 * installs it); without it {@link #start()} fails and says so. Not thread-safe: the thread that runs
 * the suite's lifecycle starts and stops it.
 */
public final class RedisServer implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(30);

    private final Path dir;
    private final int port;
    private final Process process;

    private RedisServer(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** Starts a new, empty server on a free port and returns once it answers {@code PING}. */
    public static RedisServer start() {
        Path dir;
        int port;
        try {
            dir = Files.createTempDirectory("channels-it-redis-");
            port = freePort();
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare a redis-server", e);
        }
        List<String> cmd = List.of(binary(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no",
                "--logfile", dir.resolve("redis.log").toString());
        Process process;
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + cmd, e);
        }
        RedisServer redis = new RedisServer(dir, port, process);
        try {
            await().atMost(STARTUP).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError("redis-server exited: " + redis.log());
                }
                return redis.command("PING").equals("+PONG");
            });
        } catch (RuntimeException | Error e) {
            redis.close();
            throw e;
        }
        return redis;
    }

    /** The URI a Redis engine connects with: {@code redis://127.0.0.1:<port>}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Sends one inline command and returns the first reply line (e.g. {@code +PONG}, {@code :3}). */
    public String command(String inline) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
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

    /** Stops the server (SIGKILL: nothing is persisted anyway) and deletes its directory. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
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
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/local/bin").split(File.pathSeparator)) {
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
        throw new IllegalStateException("redis-server not found on the PATH: the container tests with the Redis engine"
                + " start a real Redis server; install it (Debian/Ubuntu: apt-get install redis-server)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
