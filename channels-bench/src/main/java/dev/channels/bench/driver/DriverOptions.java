package dev.channels.bench.driver;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The driver's command-line flags, each {@code --name value}. Unknown flags are an error;
 * {@link #usage()} lists them all with their defaults.
 */
final class DriverOptions {

    private static final Map<String, String[]> FLAGS = new LinkedHashMap<>();

    static {
        flag("workloads", "fanout,request-reply,connections,churn", "comma list of: fanout, request-reply, connections, churn");
        flag("targets", "raw,ours,socketio", "comma list of: raw (the Tyrus ceiling), ours (the channels server), "
                + "socketio (the Socket.IO 4 peer on Node), ours-before (the channels server of --baseline-classpath)");
        flag("url", "", "base ws:// URL of a running bench server (targets raw, ours); empty: start one in its own JVM");
        flag("baseline-classpath", "", "class path of a baseline build of channels-bench (its target/classes and "
                + "dependencies) for target ours-before, started in its own JVM like the bench server");
        flag("socketio-dir", "", "directory of the Socket.IO peer (server.js, package-lock.json; npm ci runs there when "
                + "node_modules is missing); empty: socketio or channels-bench/socketio, whichever exists");
        flag("runtime", "tyrus", "WebSocket runtime of the started bench server: tyrus (Tyrus's own Grizzly container), jetty (Jetty 12 ee10), undertow, "
                + "or standalone (the channels runner StandaloneServer: Tyrus on its own Grizzly listener)");
        flag("server-heap", "2g", "heap (-Xms/-Xmx) of the started server JVM");
        flag("server-jvm-args", "", "extra JVM flags for the started server, space separated");
        flag("jfr", "", "file for a JFR recording of the started server (profile settings); empty: none");
        flag("members", "100,1000", "fanout: members per channel, comma list (one run each)");
        flag("messages", "2000", "fanout: messages in the maximum-rate phase");
        flag("bytes", "256", "fanout and request-reply: body size in bytes");
        flag("window", "64", "fanout: messages in flight (sent, not yet delivered to all) in the maximum-rate phase");
        flag("rate-fraction", "0.5", "fixed-rate phases run at this fraction of the measured maximum");
        flag("fixed-seconds", "10", "length of each fixed-rate phase, seconds");
        flag("common-rate", "slowest", "request-reply: after every target's own maximum and fixed rate, one more fixed-rate "
                + "pass at the same offered rate for all targets: slowest (--rate-fraction of the slowest target's maximum "
                + "in this run), a number (replies/s), or off");
        flag("clients", "200", "request-reply: clients");
        flag("in-flight", "8", "request-reply: requests in flight per client");
        flag("seconds", "10", "request-reply: length of the maximum-rate phase, seconds");
        flag("connections", "10000", "connections: idle members (over connections/2 channels)");
        flag("histogram", "", "connections: file prefix for the server's class histogram with K connections open "
                + "(<prefix>-<target>.txt, jcmd GC.class_histogram) and with none yet (<prefix>-<target>-before.txt); empty: none");
        flag("join-concurrency", "200", "connections and churn: handshakes in flight at once");
        flag("hosts", "127.0.0.1", "comma list of server addresses to spread connections over (e.g. 127.0.0.1,127.0.0.2) "
                + "to get more than ~28k loopback connections");
        flag("churn-seconds", "120", "churn: length of the run, seconds");
        flag("churners", "20", "churn: clients joining and leaving in a loop");
        flag("churn-channels", "10", "churn: channels");
        flag("churn-stable", "5", "churn: members per channel that stay for the whole run (checked for loss)");
        flag("churn-rate", "200", "churn: broadcasts per second (over all channels)");
        flag("selectors", "2", "driver: JDK HttpClients (one selector thread each)");
        flag("callback-threads", "2", "driver: threads running WebSocket callbacks");
        flag("out", "", "also append the JSON result lines to this file");
    }

    private static void flag(String name, String defaultValue, String help) {
        FLAGS.put(name, new String[] {defaultValue, help});
    }

    private final Map<String, String> values = new LinkedHashMap<>();

    DriverOptions(String... args) {
        FLAGS.forEach((k, v) -> values.put(k, v[0]));
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || !FLAGS.containsKey(arg.substring(2))) {
                throw new IllegalArgumentException("unknown flag '" + arg + "'\n" + usage());
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("flag '" + arg + "' needs a value\n" + usage());
            }
            values.put(arg.substring(2), args[++i]);
        }
    }

    static String usage() {
        StringBuilder s = new StringBuilder("usage: LoadDriver [--flag value]...\n");
        FLAGS.forEach((k, v) -> s.append(String.format("  --%-18s %s (default: %s)%n", k, v[1], v[0])));
        return s.toString();
    }

    String string(String name) {
        return values.get(name);
    }

    int integer(String name) {
        return Integer.parseInt(values.get(name).trim());
    }

    double decimal(String name) {
        return Double.parseDouble(values.get(name).trim());
    }

    List<String> list(String name) {
        List<String> items = new ArrayList<>();
        for (String s : values.get(name).split(",")) {
            if (!s.isBlank()) {
                items.add(s.trim());
            }
        }
        return items;
    }

    List<Integer> integers(String name) {
        return list(name).stream().map(Integer::parseInt).toList();
    }

    List<String> words(String name) {
        String v = values.get(name).trim();
        return v.isEmpty() ? List.of() : Arrays.asList(v.split("\\s+"));
    }

    Path path(String name) {
        String v = values.get(name).trim();
        return v.isEmpty() ? null : Path.of(v);
    }

    Map<String, String> asMap() {
        return values;
    }
}
