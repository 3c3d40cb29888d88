package dev.channels.bench.driver;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The load driver. Starts the bench server in its own JVM (or uses {@code --url}), runs the chosen
 * workloads against the chosen targets and prints, per run, one JSON line of results and one
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
        List<Target> targets = options.list("targets").stream().map(Target::of).sorted().toList();
        ServerProcess server = null;
        try (DriverClients clients = new DriverClients(options.integer("selectors"), options.integer("callback-threads"))) {
            List<String> baseUrls = new ArrayList<>();
            if (options.string("url").isBlank()) {
                server = ServerProcess.start(options.string("runtime"), options.string("server-heap"), options.words("server-jvm-args"),
                        options.path("jfr"));
                for (String host : options.list("hosts")) {
                    baseUrls.add("ws://" + host + ":" + server.port());
                }
                out.println("# server pid " + server.pid() + " on port " + server.port());
            } else {
                baseUrls.add(options.string("url").replaceAll("/+$", ""));
            }
            AdminClient admin = null;
            try {
                admin = AdminClient.connect(clients, baseUrls.get(0));
            } catch (Exception e) {
                out.println("# no admin endpoint at " + baseUrls.get(0) + "/admin: server memory and registries not reported");
            }
            Bench bench = new Bench(options, clients, baseUrls, admin, server, out);
            out.println("# options " + Json.write(options.asMap()));
            for (String workload : options.list("workloads")) {
                switch (workload) {
                    case "fanout":
                        FanoutWorkload.run(bench, targets);
                        break;
                    case "request-reply":
                        RequestReplyWorkload.run(bench, targets);
                        break;
                    case "connections":
                        ConnectionsWorkload.run(bench, targets);
                        break;
                    case "churn":
                        ChurnWorkload.run(bench, targets);
                        break;
                    default:
                        throw new IllegalArgumentException("unknown workload '" + workload + "'");
                }
            }
            if (admin != null) {
                admin.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }
}
