package dev.channels.bench.driver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the driver talks to: a server process ({@link ServerKind}), the paths of its broadcast and echo
 * endpoints, the wire framing ({@link Wire}) and the prefix of its registry keys in the admin stats.
 * Several targets may share one process (ours and raw live in the same bench JVM). To add a target,
 * add a constant here (and, for a new kind of process, a {@link ServerKind}); the workloads need no change.
 */
final class Target implements Comparable<Target> {

    private static final Map<String, Target> ALL = new LinkedHashMap<>();

    /** The raw Jakarta WebSocket endpoints: forward pre-encoded frames, no decoding, no handlers. */
    static final Target RAW = add("raw", ServerKind.BENCH, "/raw/", "/raw-echo/", Wire.CHANNELS, "raw");
    /** The channels server of the baseline build ({@code --baseline-classpath}), in its own JVM: the "before". */
    static final Target OURS_BEFORE = add("ours-before", ServerKind.BASELINE, "/ws/", "/ws/", Wire.CHANNELS, "ours.");
    /** The channels server, with the bench's channel handler ({@code fanout}) and direct handler ({@code echo}). */
    static final Target OURS = add("ours", ServerKind.BENCH, "/ws/", "/ws/", Wire.CHANNELS, "ours.");
    /**
     * The same channels server (same process, same handlers) with every member on a <em>session</em> at
     * {@code /ws} that joins its channel with {@code channel.join} (issue 21): against {@link #OURS}, whose
     * members are channel connections, it shows what a membership on a session costs. Fan-out and
     * join-many only.
     */
    static final Target OURS_SESSIONS = add("ours-sessions", ServerKind.BENCH, "/ws", "/ws", Wire.SESSION, "ours.");
    /** The peer: a Socket.IO 4 room server on Node ({@code channels-bench/socketio/server.js}), same logic. */
    static final Target SOCKET_IO = add("socketio", ServerKind.SOCKET_IO, "", "", Wire.SOCKET_IO, "sio.");

    final String label;
    final ServerKind server;
    final String broadcastPath;
    final String echoPath;
    final Wire wire;
    /** Admin stats keys starting with this are the target's registries (all 0 once every connection closed). */
    final String registryPrefix;
    private final int order;

    private Target(String label, ServerKind server, String broadcastPath, String echoPath, Wire wire,
                   String registryPrefix, int order) {
        this.label = label;
        this.server = server;
        this.broadcastPath = broadcastPath;
        this.echoPath = echoPath;
        this.wire = wire;
        this.registryPrefix = registryPrefix;
        this.order = order;
    }

    private static Target add(String label, ServerKind server, String broadcastPath, String echoPath, Wire wire,
                              String registryPrefix) {
        Target t = new Target(label, server, broadcastPath, echoPath, wire, registryPrefix, ALL.size());
        ALL.put(label, t);
        return t;
    }

    static Target of(String label) {
        Target t = ALL.get(label);
        if (t == null) {
            throw new IllegalArgumentException("unknown target '" + label + "' (one of " + String.join(", ", ALL.keySet()) + ")");
        }
        return t;
    }

    static List<Target> values() {
        return new ArrayList<>(ALL.values());
    }

    /** Targets run in declaration order: the raw ceiling first, so ratios to it can be taken. */
    @Override
    public int compareTo(Target other) {
        return Integer.compare(order, other.order);
    }

    @Override
    public String toString() {
        return label;
    }
}
