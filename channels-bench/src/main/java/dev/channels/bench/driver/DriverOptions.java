package dev.channels.bench.driver;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The driver's command-line flags ({@link Flags}), each {@code --name value}. Unknown flags are an error;
 * {@link #usage()} lists them all with their defaults.
 */
final class DriverOptions {

    private static final Flags FLAGS = new Flags("LoadDriver");

    static {
        FLAGS.flag("workloads", "fanout,request-reply,connections,churn", "comma list of: fanout, request-reply, connections, churn, "
                + "join-many (one client joining --join-channels channels: a session vs channel connections), "
                + "big-room (--room-members in ONE channel: join rate, memory per idle member, broadcasts one at a time)");
        FLAGS.flag("targets", "raw,ours,socketio", "comma list of: raw (the Tyrus ceiling), ours (the channels server), "
                + "socketio (the Socket.IO 4 peer on Node), ours-before (the channels server of --baseline-classpath), "
                + "ours-sessions (the channels server with every member on a session at /ws that sends channel.join; "
                + "fanout and join-many only)");
        FLAGS.flag("url", "", "base ws:// URL of a running bench server (targets raw, ours); empty: start one in its own JVM");
        FLAGS.flag("baseline-classpath", "", "class path of a baseline build of channels-bench (its target/classes and "
                + "dependencies) for target ours-before, started in its own JVM like the bench server");
        FLAGS.flag("socketio-dir", "", "directory of the Socket.IO peer (server.js, package-lock.json; npm ci runs there when "
                + "node_modules is missing); empty: socketio or channels-bench/socketio, whichever exists");
        FLAGS.flag("runtime", "tyrus", "WebSocket runtime of the started bench server: tyrus (Tyrus's own Grizzly container), jetty (Jetty 12 ee10), undertow, "
                + "or standalone (the channels runner StandaloneServer: Tyrus on its own Grizzly listener)");
        FLAGS.flag("server-heap", "2g", "heap (-Xms/-Xmx) of the started server JVM");
        FLAGS.flag("server-jvm-args", "", "extra JVM flags for the started server, space separated");
        FLAGS.flag("jfr", "", "file for a JFR recording of the started server (profile settings); empty: none");
        FLAGS.flag("members", "100,1000", "fanout: members per channel, comma list (one run each)");
        FLAGS.flag("messages", "2000", "fanout: messages in the maximum-rate phase");
        FLAGS.flag("warmup-messages", "0", "fanout: messages of the warm-up before the maximum rate (each target); 0: a tenth "
                + "of --messages, at least 50. More lets the server JVM finish compiling the hot path first, so its CPU "
                + "per delivery is not partly the JIT's");
        FLAGS.flag("bytes", "256", "fanout and request-reply: body size in bytes");
        FLAGS.flag("window", "64", "fanout: messages in flight (sent, not yet delivered to all) in the maximum-rate phase");
        FLAGS.flag("rate-fraction", "0.5", "fixed-rate phases run at this fraction of the measured maximum");
        FLAGS.flag("fixed-seconds", "10", "length of each fixed-rate phase, seconds");
        FLAGS.flag("common-rate", "slowest", "request-reply: after every target's own maximum and fixed rate, one more fixed-rate "
                + "pass at the same offered rate for all targets: slowest (--rate-fraction of the slowest target's maximum "
                + "in this run), a number (replies/s), <number>-or-slowest (that rate unless a target's maximum in this run is below "
                + "it, then slowest; the line says which), or off");
        FLAGS.flag("clients", "200", "request-reply: clients");
        FLAGS.flag("in-flight", "8", "request-reply: requests in flight per client");
        FLAGS.flag("seconds", "10", "request-reply: length of the maximum-rate phase, seconds");
        FLAGS.flag("connections", "10000", "connections: idle members (over connections/2 channels)");
        FLAGS.flag("histogram", "", "connections: file prefix for the server's class histogram with K connections open "
                + "(<prefix>-<target>.txt, jcmd GC.class_histogram) and with none yet (<prefix>-<target>-before.txt); empty: none");
        FLAGS.flag("join-concurrency", "200", "connections and churn: handshakes in flight at once");
        FLAGS.flag("hosts", "127.0.0.1", "comma list of server addresses to spread connections over (e.g. 127.0.0.1,127.0.0.2) "
                + "to get more than ~28k loopback connections");
        FLAGS.flag("room-members", "19000", "big-room: members of the one channel, comma list (one run each); capped "
                + "below the driver's open-file limit (ulimit -n); spread them over --hosts");
        FLAGS.flag("room-rounds", "20", "big-room: measured broadcasts, one at a time (the next when every member has the last)");
        FLAGS.flag("room-warmup", "2", "big-room: unmeasured broadcasts before them");
        FLAGS.flag("churn-seconds", "120", "churn: length of the run, seconds");
        FLAGS.flag("churners", "20", "churn: clients joining and leaving in a loop");
        FLAGS.flag("churn-channels", "10", "churn: channels");
        FLAGS.flag("churn-stable", "5", "churn: members per channel that stay for the whole run (checked for loss)");
        FLAGS.flag("churn-rate", "200", "churn: broadcasts per second (over all channels)");
        FLAGS.flag("join-channels", "100", "join-many: channels one client joins");
        FLAGS.flag("join-rounds", "10", "join-many: rounds (each target once per round, in alternating order)");
        FLAGS.flag("selectors", "2", "driver: JDK HttpClients (one selector thread each)");
        FLAGS.flag("callback-threads", "2", "driver: threads running WebSocket callbacks");
        FLAGS.flag("out", "", "also append the JSON result lines to this file");
    }

    private final Map<String, String> values;

    DriverOptions(String... args) {
        values = FLAGS.parse(args);
    }

    static String usage() {
        return FLAGS.usage();
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
