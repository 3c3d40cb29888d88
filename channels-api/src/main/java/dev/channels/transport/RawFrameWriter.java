package dev.channels.transport;

import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * A runtime's way to put whole, already encoded WebSocket frames on one connection, past the
 * portable {@code sendText} (which encodes the text again for every session). Two implementations so
 * far, both on Tyrus: {@link GrizzlyDirectFrames} (Tyrus's standalone Grizzly container: straight into
 * Grizzly's write queue) and {@link TyrusRawFrames} (any Tyrus container: {@code sendRawFrame});
 * {@link #forSession} picks one at run time, or none, and {@link SessionWriter} then uses the portable
 * path.
 */
interface RawFrameWriter {

    /** System property that, set to {@code false}, turns raw frames off in the whole JVM. */
    String PROPERTY = "channels.transport.rawFrames";

    /**
     * System property that, set to {@code false}, keeps raw frames on Tyrus's {@code sendRawFrame}
     * instead of writing them straight into Grizzly's write queue (an A/B switch for the bench).
     */
    String DIRECT_PROPERTY = "channels.transport.grizzlyDirect";

    /**
     * Writes {@code frames} (one or more complete frames back to back) as they are, then calls the
     * writer's completion callback (given to {@link #forSession}) once, with null or the failure, on
     * any thread: perhaps this one, before returning. The caller must not write again until then.
     *
     * @throws RuntimeException when the runtime refuses the write at once (closed connection); the
     *                          completion callback is then not called
     */
    void write(ByteBuffer frames);

    /**
     * The raw writer of {@code session}, or null when it must use the portable path: raw frames
     * turned off ({@value #PROPERTY}{@code =false}), an extension negotiated (permessage-deflate
     * rewrites each frame), or a runtime (or version of it) this library has not been checked on.
     *
     * @param done told of each write's outcome: null when written, else the failure
     */
    static RawFrameWriter forSession(Session session, Consumer<Throwable> done) {
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "true"))) {
            return null;
        }
        if (!session.getNegotiatedExtensions().isEmpty()) {
            return null;
        }
        return TyrusRawFrames.forSession(session, done,
                !"false".equalsIgnoreCase(System.getProperty(DIRECT_PROPERTY, "true")));
    }
}
