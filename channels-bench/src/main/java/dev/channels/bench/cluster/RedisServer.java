package dev.channels.bench.cluster;

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
 * A real {@code redis-server} for the bench: on a free loopback port, in a temp directory, persistence off
 * ({@code --save '' --appendonly no}), stopped (and its directory deleted) by {@link #close()}. Needs the
 * {@code redis-server} binary on the PATH (Debian: {@code apt-get install redis-server}).
 *
 * <p>{@link #command} speaks just enough RESP for the bench's own questions ({@code INFO memory},
 * {@code MEMORY USAGE}): one command per connection, one reply. Not thread-safe: one bench thread uses it.
 */
final class RedisServer implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final Process process;
    private final Thread stopOnExit;

    private RedisServer(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        // a bench killed with SIGTERM or Ctrl-C leaves no redis-server behind
        this.stopOnExit = new Thread(process::destroyForcibly, "redis-server-" + port + "-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /** Starts a server on a free port and waits (up to 30 s) until it answers PING. */
    static RedisServer start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("channels-bench-redis-");
        int port = freePort();
        List<String> cmd = List.of(binary(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no",
                "--logfile", dir.resolve("redis.log").toString());
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        RedisServer redis = new RedisServer(dir, port, process);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited: " + redis.log());
            }
            try {
                if ("PONG".equals(redis.command("PING"))) {
                    return redis;
                }
            } catch (IllegalStateException notYet) {
                if (System.nanoTime() > deadline) {
                    redis.close();
                    throw new IllegalStateException("redis-server on port " + port + " did not answer PING in 30 s", notYet);
                }
            }
            Thread.sleep(50);
        }
    }

    /** The URI the Redis engine connects with. */
    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** The server process (for its CPU time). */
    ProcessHandle handle() {
        return process.toHandle();
    }

    /**
     * Sends one command (arguments as given, no quoting needed) and returns the reply: a simple
     * string or integer as text, a bulk string's content; an error reply throws.
     */
    String command(String... args) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            for (String a : args) {
                byte[] b = a.getBytes(StandardCharsets.UTF_8);
                request.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.UTF_8));
                request.writeBytes(b);
                request.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String line = readLine(in);
            if (line.isEmpty()) {
                throw new IllegalStateException("empty reply to " + args[0]);
            }
            switch (line.charAt(0)) {
                case '+', ':' -> {
                    return line.substring(1);
                }
                case '$' -> {
                    int length = Integer.parseInt(line.substring(1));
                    if (length < 0) {
                        return null;
                    }
                    byte[] body = in.readNBytes(length);
                    return new String(body, StandardCharsets.UTF_8);
                }
                case '-' -> throw new IllegalStateException("redis-server answered " + args[0] + ": " + line.substring(1));
                default -> throw new IllegalStateException("unexpected reply to " + args[0] + ": " + line);
            }
        } catch (IOException e) {
            throw new IllegalStateException("redis-server on port " + port + " did not answer " + args[0], e);
        }
    }

    /** A number from {@code INFO section}, e.g. {@code info("memory", "used_memory")}. */
    long info(String section, String field) {
        for (String line : command("INFO", section).split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim());
            }
        }
        throw new IllegalStateException("INFO " + section + " has no " + field);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException exiting) {
            // the JVM is exiting: the hook runs anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
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
        throw new IllegalStateException("redis-server not found on the PATH: the cluster bench starts a real Redis;"
                + " install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
