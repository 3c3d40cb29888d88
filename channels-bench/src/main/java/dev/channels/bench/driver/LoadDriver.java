package dev.channels.bench.driver;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The load driver. Starts the servers of the chosen targets, each in its own process (the bench server
 * JVM, a baseline's bench server JVM, the Socket.IO peer on Node; or uses {@code --url}), runs the chosen
 * workloads against the chosen targets (interleaved: each workload and size runs on every target in turn) and prints, per run, one JSON line of results and one
 * human summary line starting with {@code #}. Run with {@code --help} for the flags.
 *
 * <p>Example: {@code java -cp ... dev.channels.bench.driver.LoadDriver --workloads fanout --members 100}
 */
public final class LoadDriver {

    private LoadDriver() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0]))) {
            System.out.print(DriverOptions.usage());
            return;
        }
        // The results are this program's output (not logging), so they go to standard output.
        run(new DriverOptions(args), System.out);
        System.exit(0);
    }

    /** Runs everything {@code options} asks for, printing results to {@code out}. */
    static void run(DriverOptions options, PrintStream out) throws Exception {
        List<Target> targets = options.list("targets").stream().map(Target::of).distinct().sorted().toList();
        Map<ServerKind, TargetServer> servers = new EnumMap<>(ServerKind.class);
        try (DriverClients clients = new DriverClients(options.integer("selectors"), options.integer("callback-threads"))) {
            try {
                for (ServerKind kind : targets.stream().map(t -> t.server).distinct().toList()) {
                    servers.put(kind, startServer(kind, options, clients, out));
                }
                runWorkloads(new Bench(options, clients, servers, out), targets);
            } finally {
                for (TargetServer server : servers.values()) {
                    if (server.admin() != null) {
                        server.admin().close();
                    }
                }
            }
        } finally {
            for (TargetServer server : servers.values()) {
                if (server.process() != null) {
                    server.process().close();
                }
            }
        }
    }

    private static void runWorkloads(Bench bench, List<Target> targets) throws Exception {
        bench.printOptions();
        for (String workload : bench.options.list("workloads")) {
            switch (workload) {
                case "fanout" -> FanoutWorkload.run(bench, targets);
                case "join-many" -> JoinManyWorkload.run(bench, targets);
                case "request-reply" -> RequestReplyWorkload.run(bench, channelConnections(bench, workload, targets));
                case "big-room" -> BigRoomWorkload.run(bench, channelConnections(bench, workload, targets));
                case "connections" -> eachTarget(channelConnections(bench, workload, targets),
                        target -> ConnectionsWorkload.run(bench, target));
                case "churn" -> eachTarget(channelConnections(bench, workload, targets),
                        target -> ChurnWorkload.run(bench, target));
                default -> throw new IllegalArgumentException("unknown workload '" + workload + "'");
            }
        }
    }

    /** The targets but the session ones ({@code ours-sessions} runs fan-out and join-many only), saying so. */
    private static List<Target> channelConnections(Bench bench, String workload, List<Target> targets) {
        List<Target> kept = targets.stream().filter(t -> t.wire != Wire.SESSION).toList();
        if (kept.size() < targets.size()) {
            bench.comment(workload + ": skips ours-sessions (fanout and join-many only)");
        }
        return kept;
    }

    /** A workload that runs against one target at a time. */
    private interface PerTarget {
        void run(Target target) throws Exception;
    }

    private static void eachTarget(List<Target> targets, PerTarget workload) throws Exception {
        for (Target target : targets) {
            workload.run(target);
        }
    }

    /** Starts the server of {@code kind} (or uses {@code --url} for the bench server) and connects its admin. */
    private static TargetServer startServer(ServerKind kind, DriverOptions options, DriverClients clients, PrintStream out)
            throws Exception {
        if (kind == ServerKind.BENCH && !options.string("url").isBlank()) {
            String url = options.string("url").replaceAll("/+$", "");
            return new TargetServer(kind, List.of(url), jvmAdmin(clients, url, out), null);
        }
        ServerProcess process = switch (kind) {
            case BENCH -> ServerProcess.start(options.string("runtime"), options.string("server-heap"), options.words("server-jvm-args"),
                    options.path("jfr"));
            case BASELINE -> {
                if (options.string("baseline-classpath").isBlank()) {
                    throw new IllegalArgumentException("target ours-before needs --baseline-classpath");
                }
                // the baseline runs on the same runtime as ours, so the two compare like with like
                yield ServerProcess.startJvm("baseline", options.string("baseline-classpath"),
                        ServerProcess.mainClass(options.string("runtime")), options.string("server-heap"),
                        options.words("server-jvm-args"), null);
            }
            case SOCKET_IO -> ServerProcess.startSocketIo(socketIoDir(options));
        };
        List<String> baseUrls = new ArrayList<>();
        for (String host : options.list("hosts")) {
            baseUrls.add("ws://" + host + ":" + process.port());
        }
        out.println("# " + kind.name().toLowerCase(java.util.Locale.ROOT) + " server pid " + process.pid()
                + " on port " + process.port());
        ServerAdmin admin = kind == ServerKind.SOCKET_IO ? new HttpAdmin(baseUrls.get(0))
                : jvmAdmin(clients, baseUrls.get(0), out);
        return new TargetServer(kind, baseUrls, admin, process);
    }

    private static ServerAdmin jvmAdmin(DriverClients clients, String baseUrl, PrintStream out) {
        try {
            return AdminClient.connect(clients, baseUrl);
        } catch (Exception e) {
            out.println("# no admin endpoint at " + baseUrl + "/admin: server memory and registries not reported");
            return null;
        }
    }

    private static Path socketIoDir(DriverOptions options) {
        Path given = options.path("socketio-dir");
        if (given != null) {
            return given;
        }
        for (Path candidate : List.of(Path.of("socketio"), Path.of("channels-bench", "socketio"))) {
            if (Files.isRegularFile(candidate.resolve("server.js"))) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("no socketio/server.js or channels-bench/socketio/server.js here; "
                + "pass --socketio-dir");
    }
}
