package dev.channels.server.jetty;

import dev.channels.server.RateLimit;
import dev.channels.server.runner.FrameHeaderScanner;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;

/**
 * Reads the header of every frame a client sends on one upgraded connection, as the bytes come off
 * the socket and before Jetty's parser sees them ({@link GuardedEndPoints}), and refuses what Jetty
 * cannot be told to refuse: a 64-bit payload length with its top bit set (RFC 6455 5.2: 1002; Jetty's
 * parser would take it for a frame over the integer range, 1009), a data frame that announces more
 * than the server's maximum message size (1009 at its header; Jetty would read up to the limit
 * first) and a ping flood (each ping is charged against a bucket with the server's
 * {@link RateLimit}, as the Tyrus runner's {@code FrameGuard} does; over it: 1008). Everything else
 * (masking, message sizes across fragments, opcodes) stays Jetty's. The header parsing and the ping
 * bucket are the shared {@link FrameHeaderScanner} (the Tyrus runner's {@code FrameGuard} uses the
 * same); this class turns its refusal into Jetty's close status and sends it.
 *
 * <p>It only inspects: payload bytes are skipped, never copied. The bytes before the header of an
 * offending frame go on to Jetty; from that header on, nothing does: the rest of what the client
 * sends is read and dropped (so a client still sending reads the close frame rather than a reset)
 * until it closes or {@link CloseReaper} aborts the connection after the close grace.
 *
 * <p>It must see the stream from its first WebSocket byte: bytes a client sent right behind its
 * handshake reach Jetty without a fill, so {@link GuardedEndPoints} hands them to {@link #inspect}
 * first; should it not know them, the connection is closed with 1002 ({@link #outOfStep()}).
 *
 * <p>Threads: the frame state is owned by the thread that fills the connection (Jetty fills one
 * connection on one thread at a time); the session is attached on the thread that opens it. The
 * close goes out once ({@link #closing}), when the session is attached and Jetty has handled the
 * frames before the refused one ({@link #drained()}), on the session's executor, never on the filling
 * stack (which is inside Jetty's read loop).
 */
final class FrameInspector {

    private static final System.Logger LOG = System.getLogger(FrameInspector.class.getName());

    private final FrameHeaderScanner scanner;
    /** Written by the filling thread (or the upgrading one, before any fill), read by the opening one. */
    private volatile CloseStatus violation;
    private volatile WebSocketCoreSession session;
    /** Set once Jetty has handled the frames before the refused one; then the close may go out. */
    private volatile boolean closeDue;
    private final AtomicBoolean closing = new AtomicBoolean();

    /** An inspector for data frames of at most {@code maxPayload} bytes and pings within {@code pingLimit}. */
    FrameInspector(long maxPayload, RateLimit pingLimit) {
        this.scanner = new FrameHeaderScanner(maxPayload, pingLimit, false, false);
    }

    /** The client sent more before the handshake response than can be followed: the inspector is lost. */
    void outOfStep() {
        violation = new CloseStatus(CloseStatus.PROTOCOL, "frames sent before the handshake response");
    }

    /** The session whose connection this is; closes it if a refused frame is due to be closed. */
    void attach(WebSocketCoreSession session) {
        this.session = session;
        tryClose();
    }

    /**
     * Inspects bytes Jetty already holds (those the client sent behind its handshake): a refused frame
     * among them is closed only once Jetty has handled the ones before it ({@link #drained()}).
     */
    void inspectEarly(ByteBuffer bytes) {
        inspect(bytes);
        closeDue = false;
    }

    /** Whether a frame was refused: no byte may pass any more. */
    boolean refused() {
        return violation != null;
    }

    /**
     * Jetty asked for more bytes after a frame was refused: it has handled every frame before it (it
     * reads again only once its buffer is parsed and the last frame's handling is done), so the close
     * now comes after their replies (a pong written after the close frame would fail the connection).
     */
    void drained() {
        closeDue = true;
        tryClose();
    }

    /**
     * Looks at the bytes from {@code bytes}' position to its limit (without moving them) and returns
     * how many of them may go on to Jetty: all while every frame is acceptable, otherwise those before
     * the header of the first offending frame; after that, none.
     */
    int inspect(ByteBuffer bytes) {
        if (violation != null) {
            return 0;
        }
        int passed = scanner.scan(bytes);
        FrameHeaderScanner.Refusal refusal = scanner.refusal();
        if (refusal != null) {
            violation = closeStatus(refusal);
            if (passed == 0) {
                closeDue = true; // nothing of this read goes to Jetty: it has handled all before
                tryClose();
            }
        }
        return passed;
    }

    private CloseStatus closeStatus(FrameHeaderScanner.Refusal refusal) {
        return switch (refusal) {
            case LENGTH_OUT_OF_RANGE -> new CloseStatus(CloseStatus.PROTOCOL, "frame length out of range");
            case PING_FLOOD -> new CloseStatus(CloseStatus.POLICY_VIOLATION, "rate limit exceeded: too many pings");
            case TOO_LARGE -> new CloseStatus(CloseStatus.MESSAGE_TOO_LARGE, "message larger than " + scanner.maxPayload() + " bytes");
            // not asked of the scanner (Jetty checks masks itself; binary frames reach the endpoint)
            case UNMASKED -> new CloseStatus(CloseStatus.PROTOCOL, "client frames must be masked");
            case BINARY -> new CloseStatus(CloseStatus.BAD_DATA, "binary frames are not supported");
        };
    }

    /** Closes the session with the violation, once it is attached and the close is due; once; off the calling stack. */
    private void tryClose() {
        WebSocketCoreSession s = session;
        CloseStatus refused = violation;
        if (s == null || refused == null || !closeDue || !closing.compareAndSet(false, true)) {
            return;
        }
        LOG.log(Level.DEBUG, "closing a connection from {0} with {1}: {2}", s.getRemoteAddress(),
                refused.getCode(), refused.getReason());
        s.getExecutor().execute(() -> s.close(refused, Callback.NOOP));
    }
}
