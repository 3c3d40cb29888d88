package dev.channels.bench.driver;

import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * What every workload needs: the options, the driver's clients, the servers of the targets (addresses,
 * admin, process), and the place results go.
 */
final class Bench {

    final DriverOptions options;
    final DriverClients clients;
    private final Map<ServerKind, TargetServer> servers;
    private final PrintStream out;
    private final List<Map<String, Object>> results = new ArrayList<>();
    private final AtomicInteger hostIndex = new AtomicInteger();

    Bench(DriverOptions options, DriverClients clients, Map<ServerKind, TargetServer> servers, PrintStream out) {
        this.options = options;
        this.clients = clients;
        this.servers = servers;
        this.out = out;
    }

    private TargetServer server(Target target) {
        TargetServer server = servers.get(target.server);
        if (server == null) {
            throw new IllegalStateException("no server started for target " + target);
        }
        return server;
    }

    /** The process of {@code target}'s server, or null when the driver did not start it. */
    ServerProcess process(Target target) {
        return server(target).process();
    }

    /** A URI for {@code channel} at {@code path} of {@code target}, spreading connections over its addresses. */
    URI uri(Target target, String path, String channel) {
        List<String> baseUrls = server(target).baseUrls();
        String base = baseUrls.get(Math.floorMod(hostIndex.getAndIncrement(), baseUrls.size()));
        return target.wire.uri(base, path, channel);
    }

    /** Frames of {@code type} with bodies of {@code bodyBytes} as {@code target} expects them. */
    static Frames frames(Target target, String type, int bodyBytes) {
        if (target.wire == Wire.SESSION) {
            throw new IllegalArgumentException("a session's frames name their channel: frames(target, type, bytes, channel)");
        }
        return new Frames(type, bodyBytes, target.wire);
    }

    /** Frames of {@code type} for members of {@code channel} (named in them on a session, as a session must). */
    static Frames frames(Target target, String type, int bodyBytes, String channel) {
        return new Frames(type, bodyBytes, target.wire, target.wire == Wire.SESSION ? channel : "");
    }

    /** Opens one connection to {@code target}; completes when it joined. */
    CompletableFuture<DriverConnection> connect(Target target, URI uri, FrameListener listener, int maxQueued) {
        return clients.connect(uri, target.wire, listener, maxQueued);
    }

    /**
     * Opens {@code count} connections with at most {@code join-concurrency} handshakes at once and
     * waits until all have joined.
     */
    List<DriverConnection> connectAll(Target target, int count, IntFunction<URI> uris,
                                      IntFunction<FrameListener> listeners, int maxQueued) throws Exception {
        return connectAll(count, i -> connect(target, uris.apply(i), listeners.apply(i), maxQueued));
    }

    /**
     * Opens {@code count} members of the channels {@code channels} (member i in {@code channels.apply(i)}) at
     * {@code target}'s broadcast path: a channel connection each, or on a {@link Wire#SESSION} target a session
     * each that joins its channel; waits until all have joined.
     */
    List<DriverConnection> connectMembers(Target target, int count, IntFunction<String> channels,
                                          IntFunction<FrameListener> listeners, int maxQueued) throws Exception {
        if (target.wire != Wire.SESSION) {
            return connectAll(target, count, i -> uri(target, target.broadcastPath, channels.apply(i)), listeners, maxQueued);
        }
        return connectAll(count, i -> clients.connect(uri(target, target.broadcastPath, ""), target.wire,
                listeners.apply(i), maxQueued, List.of(Frames.channelJoin(channels.apply(i), "join-" + i))));
    }

    private List<DriverConnection> connectAll(int count, IntFunction<CompletableFuture<DriverConnection>> connects)
            throws Exception {
        Semaphore inFlight = new Semaphore(options.integer("join-concurrency"));
        List<CompletableFuture<DriverConnection>> joins = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            CompletableFuture<DriverConnection> join = connects.apply(i);
            join.whenComplete((c, t) -> inFlight.release());
            joins.add(join);
        }
        List<DriverConnection> connections = new ArrayList<>(count);
        for (CompletableFuture<DriverConnection> join : joins) {
            connections.add(join.get(60, TimeUnit.SECONDS));
        }
        return connections;
    }

    /** Closes connections, at most a few hundred closing handshakes at once. */
    void closeAll(List<DriverConnection> connections) {
        Semaphore inFlight = new Semaphore(500);
        List<CompletableFuture<Void>> closes = new ArrayList<>();
        for (DriverConnection c : connections) {
            inFlight.acquireUninterruptibly();
            CompletableFuture<Void> closed = c.close(5000);
            closed.whenComplete((v, t) -> inFlight.release());
            closes.add(closed);
        }
        CompletableFuture.allOf(closes.toArray(CompletableFuture[]::new)).join();
    }

    /** The admin stats of {@code target}'s server (after full collections when {@code gc}), if it has an admin. */
    Optional<Map<String, Long>> serverStats(Target target, boolean gc) {
        ServerAdmin admin = server(target).admin();
        if (admin == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(gc ? admin.statsAfterGc() : admin.stats());
        } catch (Exception e) {
            throw new IllegalStateException("admin request failed", e);
        }
    }

    /**
     * Waits until the server reports no sessions and empty registries for {@code target}; returns the last stats.
     */
    Optional<Map<String, Long>> awaitEmptyRegistries(Target target, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        Optional<Map<String, Long>> stats = serverStats(target, false);
        while (stats.isPresent() && !registriesEmpty(target, stats.get()) && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            stats = serverStats(target, false);
        }
        return stats;
    }

    static boolean registriesEmpty(Target target, Map<String, Long> stats) {
        return stats.entrySet().stream().filter(e -> e.getKey().startsWith(target.registryPrefix))
                .allMatch(e -> e.getValue() == 0);
    }

    /** Prints {@code text} as a comment line. */
    void comment(String text) {
        out.println("# " + text);
    }

    /** Prints the options in effect as a comment line. */
    void printOptions() {
        out.println("# options " + Json.write(options.asMap()));
    }

    /** The common first keys of a result line. */
    Map<String, Object> result(String workload, Target target) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("workload", workload);
        r.put("target", target.label);
        r.put("runtime", options.string("runtime"));
        r.put("cores", Runtime.getRuntime().availableProcessors());
        if (!options.string("server-jvm-args").isBlank()) {
            r.put("serverJvmArgs", options.string("server-jvm-args").trim());
        }
        return r;
    }

    /** Prints a result as one JSON line and a human summary line, and keeps it for ratios. */
    void report(Map<String, Object> result, String summary) {
        results.add(result);
        out.println(Json.write(result));
        out.println("# " + summary);
        out.flush();
        String file = options.string("out");
        if (!file.isBlank()) {
            try {
                java.nio.file.Files.writeString(java.nio.file.Path.of(file), Json.write(result) + "\n",
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** The earlier result of {@code workload} on {@code target} whose {@code key} equals {@code value}, if any. */
    Optional<Map<String, Object>> earlier(String workload, Target target, String key, Object value) {
        return results.stream()
                .filter(r -> workload.equals(r.get("workload")) && target.label.equals(r.get("target"))
                        && value.equals(r.get(key)))
                .reduce((a, b) -> b);
    }
}
