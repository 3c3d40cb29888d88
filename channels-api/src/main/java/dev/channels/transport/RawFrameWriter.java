package dev.channels.transport;

import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Puts whole, already encoded WebSocket frames on one connection, past the portable {@code sendText}
 * (which encodes the text again for every session): what a {@link SessionWriter} uses for its raw
 * frames when the module that owns the socket supplies one. This module knows no runtime: a runner
 * that can write encoded frames hands a {@link Factory} to whatever makes the writers (the channel
 * server takes it with the endpoint configuration the runner asks for); everywhere else there is none,
 * and writers use {@code sendText}.
 *
 * <p>Contract: the frames are server frames (unmasked); the runtime writes them as they are, behind
 * whatever it wrote before on that connection and never interleaved with its own frames (pongs, its
 * close frame). One writer calls {@link #write} at a time and not again until the completion callback
 * given to the {@link Factory} has run for the previous write.
 *
 * @since 0.1.0
 */
public interface RawFrameWriter {

    /**
     * Writes {@code frames} (one or more complete frames back to back) as they are, then calls the
     * completion callback given to the {@link Factory} once, with null or the failure, on any thread:
     * perhaps this one, before returning. The caller must not write again until then, and must not
     * change the bytes of {@code frames} afterwards (the runtime may keep the buffer queued).
     *
     * @throws RuntimeException when the runtime refuses the write at once (closed connection); the
     *                          completion callback is then not called
     */
    void write(ByteBuffer frames);

    /**
     * Makes the raw writer of a session, or says there is none. Supplied by the module that owns the
     * socket; {@link #NONE} everywhere else.
     */
    @FunctionalInterface
    interface Factory {

        /** No raw frames: every writer uses the portable {@code sendText}. */
        Factory NONE = (session, done) -> null;

        /**
         * The raw writer of {@code session}, or null when it must use the portable path (a session this
         * runtime cannot write to directly, a TLS connection whose bytes the runtime must encrypt, ...).
         * A {@link SessionWriter} asks once, when it is made, and only for a session that negotiated no
         * extension (an extension such as permessage-deflate rewrites each frame).
         *
         * @param session the open server session
         * @param done    told of each write's outcome: null when written, else the failure
         */
        RawFrameWriter forSession(Session session, Consumer<Throwable> done);
    }
}
