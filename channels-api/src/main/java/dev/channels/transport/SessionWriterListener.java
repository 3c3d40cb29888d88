package dev.channels.transport;

/**
 * Told when a {@link SessionWriter} gives up on its session. Each callback runs at most once per
 * writer (except {@link #onFrameDropped}), on whichever thread noticed the problem, possibly inside
 * {@link SessionWriter#send} and so inside any lock its caller holds: keep it short, never block, and
 * hand anything that sends to other writers or takes other locks (leaving a channel, publishing) to
 * another thread.
 *
 * @since 0.1.0
 */
public interface SessionWriterListener {

    /** The queue overflowed under {@link OverflowPolicy#DISCONNECT}; the session is being closed. */
    default void onOverflow(SessionWriter writer) {
    }

    /** A frame was dropped under {@link OverflowPolicy#DROP}. */
    default void onFrameDropped(SessionWriter writer) {
    }

    /** A send failed (timeout, broken connection); the queue was dropped and the session is being closed. */
    default void onFailure(SessionWriter writer, Throwable error) {
    }
}
