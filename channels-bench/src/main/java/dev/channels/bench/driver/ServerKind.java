package dev.channels.bench.driver;

/**
 * A kind of server process the driver starts (once per run, when a chosen target needs it) and
 * measures: its CPU time, resident memory and admin stats.
 */
enum ServerKind {
    /** {@code BenchServerMain} on the driver's own class path: ours and the raw ceiling. */
    BENCH,
    /** {@code BenchServerMain} on the class path given by {@code --baseline-classpath}: ours before the changes. */
    BASELINE,
    /** {@code channels-bench/socketio/server.js} on Node ({@code --socketio-dir}). */
    SOCKET_IO
}
