package dev.channels.bench.driver;

/** What the driver talks to: the channels server under test or the raw Tyrus ceiling on the same server. */
enum Target {
    /** The raw Jakarta WebSocket endpoints: forward pre-encoded frames, no decoding, no handlers. */
    RAW("raw", "/raw/", "/raw-echo/"),
    /** The channels server, with the bench's channel handler ({@code fanout}) and direct handler ({@code echo}). */
    OURS("ours", "/ws/", "/ws/");

    final String label;
    final String broadcastPath;
    final String echoPath;

    Target(String label, String broadcastPath, String echoPath) {
        this.label = label;
        this.broadcastPath = broadcastPath;
        this.echoPath = echoPath;
    }

    static Target of(String label) {
        for (Target t : values()) {
            if (t.label.equals(label)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown target '" + label + "' (raw or ours)");
    }
}
