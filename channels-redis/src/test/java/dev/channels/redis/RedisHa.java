package dev.channels.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Real Redis processes that fail over, on loopback, for the Sentinel and Cluster tests and the
 * failover bench: {@link #sentinel()} (a primary, a replica and three {@code redis-sentinel}s, which
 * fail over within about a second of the primary's death) or {@link #cluster()} (three primaries and
 * three replicas, {@code redis-server --cluster-enabled yes}, joined by {@code redis-cli --cluster
 * create}; node timeout one second). Ports are picked free, each process writes in its own temp
 * directory; {@link #killPrimary} kills one with SIGKILL; {@link #close} kills them all and deletes the
 * directories (a JVM that exits first kills them too). Needs the Debian packages redis-server and
 * redis-sentinel ({@code .ci/run} installs them). One thread drives it.
 */
final class RedisHa implements AutoCloseable {

    static final String MASTER = "mymaster";
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final Path dir;
    private final Map<Integer, Process> processes = new LinkedHashMap<>();
    private final List<Integer> redisPorts = new ArrayList<>();
    private final List<Integer> sentinelPorts = new ArrayList<>();
    private final Thread killOnExit = new Thread(this::killAll, "redis-ha-kill-on-exit");

    private RedisHa() throws IOException {
        dir = Files.createTempDirectory("channels-redis-ha-");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** A primary, its replica and three sentinels (quorum 2, down after 1 s). */
    static RedisHa sentinel() throws Exception {
        RedisHa ha = new RedisHa();
        try {
            int primary = ha.redis(List.of());
            int replica = ha.redis(List.of("--replicaof", "127.0.0.1", Integer.toString(primary)));
            ha.await("the replica in sync", () -> ha.info(replica, "replication").contains("master_link_status:up"));
            for (int i = 0; i < 3; i++) {
                int port = freePort();
                Path conf = ha.dir.resolve("sentinel-" + port + ".conf");
                Files.writeString(conf, String.join("\n",
                        "port " + port, "bind 127.0.0.1", "dir " + ha.dir,
                        "sentinel monitor " + MASTER + " 127.0.0.1 " + primary + " 2",
                        "sentinel down-after-milliseconds " + MASTER + " 1000",
                        "sentinel failover-timeout " + MASTER + " 4000",
                        "sentinel parallel-syncs " + MASTER + " 1", ""));
                ha.start(port, List.of(binary("redis-sentinel"), conf.toString(), "--logfile",
                        ha.dir.resolve("sentinel-" + port + ".log").toString()));
                ha.sentinelPorts.add(port);
            }
            ha.await("the sentinels see the replica and each other", () -> ha.sentinelPorts.stream().allMatch(p -> {
                String info = ha.info(p, "sentinel");
                return info.contains("slaves=1") && info.contains("sentinels=3");
            }));
            return ha;
        } catch (Exception | Error e) {
            ha.close();
            throw e;
        }
    }

    /** Three primaries and three replicas in one cluster (node timeout 1 s), every slot served. */
    static RedisHa cluster() throws Exception {
        RedisHa ha = new RedisHa();
        try {
            for (int i = 0; i < 6; i++) {
                int port = freePort();
                ha.redis(port, List.of("--cluster-enabled", "yes", "--cluster-port", Integer.toString(freePort()),
                        "--cluster-config-file", "nodes-" + port + ".conf",
                        "--cluster-node-timeout", "1000", "--cluster-replica-validity-factor", "0"));
            }
            List<String> create = new ArrayList<>(List.of(binary("redis-cli"), "--cluster", "create"));
            ha.redisPorts.forEach(p -> create.add("127.0.0.1:" + p));
            create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
            Process p = new ProcessBuilder(create).redirectErrorStream(true)
                    .redirectOutput(ha.dir.resolve("cluster-create.log").toFile()).start();
            if (!p.waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("redis-cli --cluster create failed: "
                        + Files.readString(ha.dir.resolve("cluster-create.log")));
            }
            ha.await("every node sees the cluster ok, with 3 replicas", () -> ha.redisPorts.stream().allMatch(port -> {
                String info = ha.command(port, c -> c.sync().clusterInfo());
                String nodes = ha.command(port, c -> c.sync().clusterNodes());
                return info.contains("cluster_state:ok") && nodes.lines().filter(l -> l.contains("slave")).count() == 3;
            }));
            ha.await("every replica in sync with its primary", () -> ha.redisPorts.stream().map(port -> ha.info(port, "replication"))
                    .filter(i -> i.contains("role:slave")).filter(i -> i.contains("master_link_status:up")).count() == 3);
            return ha;
        } catch (Exception | Error e) {
            ha.close();
            throw e;
        }
    }

    /** The engine URI: Sentinel's ({@code redis-sentinel://...#mymaster}), or the cluster's first node. */
    String uri() {
        if (!sentinelPorts.isEmpty()) {
            return "redis-sentinel://" + sentinelPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","))
                    + "#" + MASTER;
        }
        return "redis://127.0.0.1:" + redisPorts.get(0);
    }

    /** The URI of the cluster's {@code i}-th node (0 to 5; primaries and replicas alike). */
    String nodeUri(int i) {
        return "redis://127.0.0.1:" + redisPorts.get(i);
    }

    /** Several seed nodes of the cluster, comma separated. */
    String seedsUri() {
        return "redis://" + redisPorts.stream().limit(3).map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    /**
     * Kills (SIGKILL) the primary: Sentinel's, or the cluster primary that serves {@code key}'s slot;
     * returns its port.
     */
    int killPrimary(String key) {
        int port = primaryOf(key);
        Process p = processes.remove(port);
        p.destroyForcibly();
        try {
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        redisPorts.remove(Integer.valueOf(port));
        return port;
    }

    /** The port of the primary: Sentinel's, or the cluster primary that serves {@code key}'s slot. */
    int primaryOf(String key) {
        int any = redisPorts.get(0);
        if (!sentinelPorts.isEmpty()) {
            for (int port : redisPorts) {
                if (info(port, "replication").contains("role:master")) {
                    return port;
                }
            }
            throw new IllegalStateException("no primary");
        }
        long slot = command(any, c -> c.sync().clusterKeyslot(key));
        for (String line : command(any, c -> c.sync().clusterNodes()).split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length < 9 || !f[2].contains("master") || f[2].contains("fail")) {
                continue;
            }
            for (int i = 8; i < f.length; i++) {
                String[] range = f[i].split("-");
                if (range[0].startsWith("[")) {
                    continue;
                }
                long from = Long.parseLong(range[0]);
                long to = range.length > 1 ? Long.parseLong(range[1]) : from;
                if (slot >= from && slot <= to) {
                    String address = f[1].substring(0, f[1].indexOf('@'));
                    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
                }
            }
        }
        throw new IllegalStateException("no primary serves slot " + slot);
    }

    @Override
    public void close() {
        killAll();
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

    private void killAll() {
        processes.values().forEach(Process::destroyForcibly);
        for (Process p : processes.values()) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        processes.clear();
    }

    private int redis(List<String> extra) throws IOException {
        return redis(freePort(), extra);
    }

    private int redis(int port, List<String> extra) throws IOException {
        Path d = Files.createDirectories(dir.resolve("redis-" + port));
        List<String> cmd = new ArrayList<>(List.of(binary("redis-server"), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", d.toString(),
                "--daemonize", "no", "--logfile", d.resolve("redis.log").toString()));
        cmd.addAll(extra);
        start(port, cmd);
        redisPorts.add(port);
        return port;
    }

    private void start(int port, List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout-" + port + ".log").toFile()).start();
        processes.put(port, p);
        await(cmd.get(0) + " on port " + port + " answering PING", () -> {
            if (!p.isAlive()) {
                throw new IllegalStateException(cmd + " exited: " + log(port));
            }
            return "PONG".equals(command(port, c -> c.sync().ping()));
        });
    }

    private String log(int port) {
        try {
            return Files.readString(dir.resolve("stdout-" + port + ".log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    String info(int port, String section) {
        return command(port, c -> c.sync().info(section));
    }

    /** One command over a short-lived Lettuce connection; null (and no exception) when the port does not answer. */
    private static <T> T command(int port, java.util.function.Function<StatefulRedisConnection<String, String>, T> command) {
        RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(port)
                .withTimeout(Duration.ofSeconds(5)).build());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return command.apply(c);
        } catch (RuntimeException e) {
            return null;
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** Polls {@code condition} every 100 ms for at most a minute (start-up of processes we launched). */
    private void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (NullPointerException notYet) {
                // a command that got no answer yet
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("timed out waiting for " + what + " (logs in " + dir + ")");
    }

    private static String binary(String name) {
        for (String d : List.of("/usr/bin", "/usr/local/bin", "/usr/sbin")) {
            if (Files.isExecutable(Path.of(d, name))) {
                return Path.of(d, name).toString();
            }
        }
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, name))) {
                return Path.of(d, name).toString();
            }
        }
        throw new IllegalStateException(name + " not found: install it (Debian/Ubuntu: apt-get install redis-server redis-sentinel)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
