package dev.channels.transport;

import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * A runtime's way to put whole, already encoded WebSocket frames on one connection, past the
 * portable {@code sendText} (which encodes the text again for every session). One implementation so
 * far ({@link TyrusRawFrames}); {@link #forSession} picks one at run time, or none, and
 * {@link SessionWriter} then uses the portable path.
 */
interface RawFrameWriter {

    /** System property that, set to {@code false}, turns raw frames off in the whole JVM. */
    String PROPERTY = "channels.transport.rawFrames";

    /**
     * Writes {@code frames} (one or more complete frames back to back) as they are. The runtime must
     * not be handed another write until the returned stage completes.
     *
     * @throws RuntimeException when the runtime refuses the write at once (closed connection)
     */
    CompletionStage<?> write(ByteBuffer frames);

    /**
     * The raw writer of {@code session}, or null when it must use the portable path: raw frames
     * turned off ({@value #PROPERTY}{@code =false}), an extension negotiated (permessage-deflate
     * rewrites each frame), or a runtime (or version of it) this library has not been checked on.
     */
    static RawFrameWriter forSession(Session session) {
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "true"))) {
            return null;
        }
        if (!session.getNegotiatedExtensions().isEmpty()) {
            return null;
        }
        return TyrusRawFrames.forSession(session);
    }
}
