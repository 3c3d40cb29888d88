package dev.channels.abuse;

import dev.channels.api.middleware.RecoveryMiddleware;
import dev.channels.server.ChannelServer;
import dev.channels.server.RateLimit;
import dev.channels.server.ServerOptions;
import dev.channels.server.ServerStats;
import dev.channels.server.jetty.JettyChannelServer;
import dev.channels.server.RunnerOptions;
import dev.channels.server.standalone.StandaloneServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The server under attack, run by {@link ServerProcess} in a JVM of its own so that its heap holds
 * only the server. It starts the demo's application (channel handler {@code chat}, direct handler
 * {@code echo}, history of 100 messages for 5 minutes, presence events, the default rate limit of
 * 100 messages/s, bursts of 200) on the runner named by its one argument, {@code tyrus} (the
 * standalone runner) or {@code jetty}, on a free loopback port, prints {@code @@ready <port>} and
 * then answers one command per line on standard input, each answer on standard output as lines
 * starting with {@code @@} and ending with {@code @@end <id>} (a command is a word and an id):
 * <ul>
 *   <li>{@code heap}: runs {@link System#gc()} until the used heap stops shrinking, answers
 *       {@code @@heap <bytes used after GC> <live threads>};</li>
 *   <li>{@code deadlock}: answers {@code @@deadlock none}, or {@code @@deadlock <n>} followed by a
 *       dump of all threads (with their locks) when the JVM finds deadlocked threads;</li>
 *   <li>{@code stats}: answers {@code @@stats <joined connections> <channels>} and the full
 *       {@link ServerStats};</li>
 *   <li>{@code histogram}: the class histogram of live objects ({@code GC.class_histogram}), one
 *       {@code @@ } line per class;</li>
 *   <li>{@code quit}: stops the server and exits.</li>
 * </ul>
 * The server's own log goes to standard error (the harness copies it to a file). Standard input
 * ending also stops it, so a test JVM that dies takes its server with it.
 */
public final class AbuseServerMain {

    /** The prefix of every line the harness reads. */
    static final String PREFIX = "@@";

    private AbuseServerMain() {
    }

    /** Runs the server: {@code tyrus} or {@code jetty}. */
    public static void main(String[] args) throws Exception {
        String runner = args.length > 0 ? args[0] : "tyrus";
        ChannelServer server = demoApp();
        AutoCloseable running;
        int port;
        switch (runner) {
            case "tyrus" -> {
                StandaloneServer s = StandaloneServer.start(server, 0, RunnerOptions.defaults());
                running = s;
                port = s.port();
            }
            case "jetty" -> {
                JettyChannelServer s = JettyChannelServer.start(server, 0, RunnerOptions.defaults());
                running = s;
                port = s.port();
            }
            default -> throw new IllegalArgumentException("runner must be tyrus or jetty, not " + runner);
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.println(PREFIX + "ready " + port);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] words = line.trim().split(" ");
            String id = words.length > 1 ? words[1] : "";
            switch (words[0]) {
                case "heap" -> out.println(PREFIX + "heap " + heapAfterGc() + " " + Thread.activeCount());
                case "deadlock" -> out.print(deadlocks());
                case "histogram" -> {
                    // the class histogram of live objects (a full GC first), one line per class, for the
                    // harness to diff against an earlier one when heap after GC has grown
                    for (String h : histogram().split("\n")) {
                        out.println(PREFIX + " " + h);
                    }
                }
                case "stats" -> {
                    ServerStats stats = server.stats();
                    out.println(PREFIX + "stats " + stats.connections() + " " + stats.channels() + " " + stats);
                }
                case "quit" -> {
                    out.println(PREFIX + "end " + id);
                    running.close();
                    System.exit(0);
                }
                default -> out.println(PREFIX + "unknown command: " + line);
            }
            // the id lets the harness tell this answer from a late one to a command it gave up on
            out.println(PREFIX + "end " + id);
        }
        running.close();
        System.exit(0);
    }

    /** The demo's application (see the runners' demo servers), without their per-join INFO log lines. */
    static ChannelServer demoApp() {
        ServerOptions options = ServerOptions.builder().basePath("/ws")
                .historySize(100).historyTtl(Duration.ofMinutes(5)).presenceEvents(true).build();
        return ChannelServer.builder()
                .options(options) // with the default rate limit
                .use(RecoveryMiddleware.create())
                .channelHandler("chat", (ctx, msg) -> Optional.of(msg.newFrom("chat").withBody(msg.body())))
                .directHandler("echo", (ctx, msg) -> Optional.of(msg.newFrom("echo").withBody(msg.body())))
                .build();
    }

    /**
     * Used heap after full collections: {@link System#gc()} (a full, compacting collection with the
     * serial collector the harness starts this JVM with) until two in a row differ by less than
     * 64 KiB, at most ten times; the smallest value seen.
     */
    static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long best = Long.MAX_VALUE;
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long used = memory.getHeapMemoryUsage().getUsed();
            best = Math.min(best, used);
            if (Math.abs(previous - used) < 64 * 1024) {
                break;
            }
            previous = used;
        }
        return best;
    }

    /** {@code jcmd <pid> GC.class_histogram}, run in this JVM through the DiagnosticCommand MBean. */
    static String histogram() {
        try {
            return (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
        } catch (Exception e) {
            return "no histogram: " + e;
        }
    }

    /** {@code @@deadlock none}, or the count and a dump of every thread with its locks. */
    static String deadlocks() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] ids = threads.findDeadlockedThreads();
        if (ids == null || ids.length == 0) {
            return PREFIX + "deadlock none\n";
        }
        StringBuilder dump = new StringBuilder(PREFIX + "deadlock " + ids.length + "\n");
        for (ThreadInfo info : threads.dumpAllThreads(true, true)) {
            dump.append(PREFIX).append(' ').append('"').append(info.getThreadName()).append("\" ")
                    .append(info.getThreadState());
            if (info.getLockName() != null) {
                dump.append(" waiting on ").append(info.getLockName());
            }
            if (info.getLockOwnerName() != null) {
                dump.append(" held by \"").append(info.getLockOwnerName()).append('"');
            }
            dump.append('\n');
            for (StackTraceElement frame : info.getStackTrace()) {
                dump.append(PREFIX).append("     at ").append(frame).append('\n');
            }
            for (var monitor : info.getLockedMonitors()) {
                dump.append(PREFIX).append("     holds ").append(monitor).append(" (frame ")
                        .append(monitor.getLockedStackDepth()).append(")\n");
            }
            for (var sync : info.getLockedSynchronizers()) {
                dump.append(PREFIX).append("     holds ").append(sync).append('\n');
            }
        }
        return dump.toString();
    }
}
