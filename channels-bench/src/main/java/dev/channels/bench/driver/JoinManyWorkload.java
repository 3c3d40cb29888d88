package dev.channels.bench.driver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A client joining many channels (issue 21, "Measure"): the time from opening to the last
 * {@code join.success} for {@code --join-channels} (100) fresh channels. On a channel-connection target
 * ({@link Target#OURS}) the client opens one connection per channel, all in parallel (up to
 * {@code --join-concurrency} handshakes at once); on a session target ({@link Target#OURS_SESSIONS}) it
 * opens one session and sends one {@code channel.join} per channel in a row, as soon as
 * {@code session.ready} arrives. {@code --join-rounds} rounds, the targets in turn (their order alternating
 * from round to round, so neither always runs on a server the other just warmed); every connection is
 * closed and the server's registries are empty again before the next one. One result line per target:
 * every round's milliseconds, the median and the minimum. The Socket.IO peer is skipped.
 */
final class JoinManyWorkload {

    private JoinManyWorkload() {
    }

    static void run(Bench bench, List<Target> targets) throws Exception {
        List<Target> eligible = targets.stream().filter(t -> t.wire != Wire.SOCKET_IO).toList();
        int channels = bench.options.integer("join-channels");
        int rounds = bench.options.integer("join-rounds");
        Map<Target, List<Double>> millis = new LinkedHashMap<>();
        eligible.forEach(t -> millis.put(t, new ArrayList<>()));
        for (int round = 0; round < rounds; round++) {
            List<Target> order = new ArrayList<>(eligible);
            if (round % 2 == 1) {
                Collections.reverse(order);
            }
            for (Target target : order) {
                millis.get(target).add(joinOnce(bench, target, channels, round));
            }
        }
        Map<String, Object> channelsResult = null;
        for (Target target : eligible) {
            List<Double> times = millis.get(target);
            List<Double> sorted = times.stream().sorted().toList();
            double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                    : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
            Map<String, Object> r = bench.result("join-many", target);
            r.put("channels", channels);
            r.put("rounds", rounds);
            r.put("how", target.wire == Wire.SESSION ? "one session, " + channels + " channel.join in a row"
                    : channels + " channel connections in parallel");
            r.put("millis", times);
            r.put("medianMs", median);
            r.put("minMs", sorted.get(0));
            if (target == Target.OURS) {
                channelsResult = r;
            } else if (target == Target.OURS_SESSIONS && channelsResult != null) {
                r.put("medianRatioToChannels", median / (Double) channelsResult.get("medianMs"));
            }
            bench.report(r, String.format(Locale.ROOT, "join-many %s: %d channels (%s): median %.1f ms, min %.1f ms over %d rounds%s",
                    target.label, channels, r.get("how"), median, sorted.get(0), rounds,
                    r.containsKey("medianRatioToChannels") ? String.format(Locale.ROOT,
                            " = %.2fx the channel connections' time", (Double) r.get("medianRatioToChannels")) : ""));
        }
    }

    /** One client joins {@code channels} fresh channels; returns the milliseconds to the last join.success. */
    private static double joinOnce(Bench bench, Target target, int channels, int round) throws Exception {
        String prefix = "jm-" + round + "-" + target.label + "-" + System.nanoTime() + "-";
        FrameListener ignore = (c, text, now) -> { };
        List<DriverConnection> connections = new ArrayList<>();
        try {
            long start = System.nanoTime();
            long end;
            if (target.wire == Wire.SESSION) {
                List<String> joins = new ArrayList<>(channels);
                for (int i = 0; i < channels; i++) {
                    joins.add(Frames.channelJoin(prefix + i, "j" + i));
                }
                DriverConnection session = bench.clients.connect(bench.uri(target, target.broadcastPath, ""), target.wire,
                        ignore, channels + 16, joins).get(60, TimeUnit.SECONDS);
                connections.add(session);
                end = session.joinedNanos();
            } else {
                connections.addAll(bench.connectAll(target, channels,
                        i -> bench.uri(target, target.broadcastPath, prefix + i), i -> ignore, 16));
                end = connections.stream().mapToLong(DriverConnection::joinedNanos).max().orElse(start);
            }
            return (end - start) / 1e6;
        } finally {
            bench.closeAll(connections);
            bench.awaitEmptyRegistries(target, 10_000);
        }
    }
}
