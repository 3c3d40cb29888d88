package dev.channels.bench.driver;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fan-out for benches outside this package (the cluster bench, {@code dev.channels.bench.cluster}): N
 * members of one channel spread round-robin over several server nodes (member {@code i} on node
 * {@code i mod nodes}), member 0 publishing the driver's usual frames ({@link Frames}) to the
 * {@code fanout} channel handler. The phases are those of {@link FanoutWorkload}: a maximum rate
 * (closed loop, at most {@code window} messages not yet delivered to every member) and a fixed rate
 * (open loop, each frame stamped with its intended send time, so queueing is not hidden). Over all
 * phases every member checks that it gets every message once and in order.
 *
 * <p>Threads: one caller thread runs the phases one after the other; the members' receive callbacks
 * (the driver's callback threads) record deliveries into the current {@link Phase} and the per-node
 * histograms with atomics; per-member counters are written only by that member's serial callbacks.
 */
public final class FanoutGroup implements AutoCloseable {

    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(5);

    /** The driver's WebSocket clients (JDK {@code HttpClient}s and callback threads), shared by groups. */
    public static final class Clients implements AutoCloseable {
        private final DriverClients clients;

        /** Two selectors and two callback threads, as the load driver's defaults. */
        public Clients() {
            this.clients = new DriverClients(2, 2);
        }

        @Override
        public void close() {
            clients.close();
        }
    }

    private final List<String> nodes;
    private final Frames frames;
    private final FanoutMember[] state;
    private final Phases phases = new Phases();
    private final AtomicReference<Histogram[]> byNode = new AtomicReference<>();
    private List<DriverConnection> members = List.of();
    private long nextSeq;                                                   // caller thread only

    private FanoutGroup(List<String> nodes, int members, int bodyBytes) {
        this.nodes = List.copyOf(nodes);
        this.frames = new Frames("fanout", bodyBytes);
        this.state = new FanoutMember[members];
        for (int i = 0; i < members; i++) {
            state[i] = new FanoutMember();
        }
    }

    /**
     * Connects {@code members} members to channel {@code channel} (at most 200 handshakes at once) and
     * waits until each has joined.
     *
     * @param nodes base URLs of the server nodes, e.g. {@code ws://127.0.0.1:8025}; members join
     *              {@code <node>/ws/<channel>}, member {@code i} on node {@code i mod nodes.size()}
     */
    public static FanoutGroup join(Clients clients, List<String> nodes, String channel, int members, int bodyBytes)
            throws Exception {
        FanoutGroup group = new FanoutGroup(nodes, members, bodyBytes);
        Semaphore inFlight = new Semaphore(200);
        List<CompletableFuture<DriverConnection>> joins = new ArrayList<>(members);
        for (int i = 0; i < members; i++) {
            inFlight.acquire();
            URI uri = URI.create(nodes.get(i % nodes.size()).replaceAll("/+$", "") + "/ws/" + channel);
            CompletableFuture<DriverConnection> join = clients.clients.connect(uri, group.listener(i), 1 << 16);
            join.whenComplete((c, t) -> inFlight.release());
            joins.add(join);
        }
        List<DriverConnection> connected = new ArrayList<>(members);
        for (CompletableFuture<DriverConnection> join : joins) {
            connected.add(join.get(60, TimeUnit.SECONDS));
        }
        group.members = connected;
        return group;
    }

    private FrameListener listener(int index) {
        FanoutMember member = state[index];
        int node = index % nodes.size();
        return (c, text, now) -> {
            long latency = member.onFrame(text, now, phases);
            Histogram[] h = byNode.get();
            if (latency != FanoutMember.NOT_A_MESSAGE && h != null) {
                h[node].recordValue(Math.max(0, Math.min(MAX_MICROS, latency / 1000)));
            }
        };
    }

    /**
     * The maximum rate: {@code messages} messages, at most {@code window} not yet delivered to every
     * member. Keys: {@code messages}, {@code complete}, {@code seconds}, {@code messagesPerSec},
     * {@code deliveriesPerSec}, {@code latency} (all members), {@code latencyByNode}.
     */
    public Map<String, Object> maxRate(int messages, int window) throws InterruptedException {
        Phase phase = newPhase(messages, window);
        long start = System.nanoTime();
        phase.sendClosedLoop(frames, this::publish); // a stall is reported as incomplete and lost
        boolean complete = phase.awaitAll(10_000);
        double seconds = (Math.max(phase.lastCompletionNanos(), start) - start) / 1e9;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("messages", messages);
        r.put("window", window);
        r.put("complete", complete);
        r.put("seconds", seconds);
        r.put("messagesPerSec", phase.completed.get() / Math.max(seconds, 1e-9));
        r.put("deliveriesPerSec", phase.delivered.sum() / Math.max(seconds, 1e-9));
        r.put("latency", Measurement.latency(phase.latencyMicros));
        r.put("latencyByNode", latencyByNode());
        return r;
    }

    /**
     * A fixed offered rate: {@code count} messages at {@code perSec}, open loop. Keys:
     * {@code offeredMessagesPerSec}, {@code messages}, {@code complete}, {@code latency}, {@code latencyByNode}.
     */
    public Map<String, Object> fixedRate(double perSec, int count) throws InterruptedException {
        Phase phase = newPhase(count, 0);
        phase.sendOpenLoop(frames, perSec, this::publish);
        boolean complete = phase.awaitAll(10_000);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("offeredMessagesPerSec", perSec);
        r.put("messages", count);
        r.put("complete", complete);
        r.put("latency", Measurement.latency(phase.latencyMicros));
        r.put("latencyByNode", latencyByNode());
        return r;
    }

    private void publish(String frame) {
        try {
            members.get(0).send(frame);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("the publisher's connection to " + nodes.get(0) + " failed mid-run; "
                    + closedMembers() + " of " + members.size() + " members were closed (see the nodes' log: e.g. "
                    + "1012 when a node lost its engine)", e);
        }
    }

    /** Members whose connection has closed (by the server: the bench closes them only in {@link #close()}). */
    public long closedMembers() {
        return members.stream().filter(c -> c.closed().isDone()).count();
    }

    private Phase newPhase(int count, int window) {
        Histogram[] h = new Histogram[nodes.size()];
        for (int i = 0; i < h.length; i++) {
            h[i] = new ConcurrentHistogram(MAX_MICROS, 3);
        }
        byNode.set(h);
        Phase p = phases.add(nextSeq, count, state.length, window);
        nextSeq += count;
        return p;
    }

    private List<Map<String, Object>> latencyByNode() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Histogram h : byNode.get()) {
            list.add(Measurement.latency(h));
        }
        return list;
    }

    /** Deliveries expected so far: members x messages sent in every phase. */
    public long expectedDeliveries() {
        return (long) state.length * nextSeq;
    }

    /** Deliveries received so far, over all members and phases. */
    public long receivedDeliveries() {
        long sum = 0;
        for (FanoutMember m : state) {
            sum += m.received;
        }
        return sum;
    }

    /** Messages a member got out of order (a gap or a repeat), over all members and phases. */
    public long outOfOrder() {
        long sum = 0;
        for (FanoutMember m : state) {
            sum += m.outOfOrder;
        }
        return sum;
    }

    /** The size of one frame the publisher sends, in characters. */
    public int frameChars() {
        return frames.frame(0, 0).length();
    }

    /** A frame as the publisher sends it, with a body of {@code bodyBytes} (for the Redis memory figure). */
    public static String sampleFrame(int bodyBytes) {
        return new Frames("fanout", bodyBytes).frame(0, System.nanoTime());
    }

    /** {@code value} (maps, lists, numbers, strings, booleans) as one line of JSON, as the driver writes results. */
    public static String json(Object value) {
        return Json.write(value);
    }

    /** Closes every member (a closing handshake each, aborted after 5 s). */
    @Override
    public void close() {
        List<CompletableFuture<Void>> closes = new ArrayList<>();
        for (DriverConnection c : members) {
            closes.add(c.close(5000));
        }
        CompletableFuture.allOf(closes.toArray(CompletableFuture[]::new)).join();
    }
}
