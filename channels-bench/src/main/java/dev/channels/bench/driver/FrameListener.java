package dev.channels.bench.driver;

/** Receives the complete text frames of one {@link DriverConnection}, one at a time, in order. */
@FunctionalInterface
interface FrameListener {

    /** A frame that arrived after the connection joined; {@code receivedNanos} is {@link System#nanoTime()} on arrival. */
    void onFrame(DriverConnection connection, String text, long receivedNanos);

    /** A listener that drops everything (idle members). */
    FrameListener IGNORE = (c, t, n) -> { };
}
