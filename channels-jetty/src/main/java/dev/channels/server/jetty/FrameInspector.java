package dev.channels.server.jetty;

import dev.channels.server.RateLimit;
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
 * (masking, message sizes across fragments, opcodes) stays Jetty's.
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
    private static final int MAX_HEADER = 14;
    private static final int PING = 0x9;

    private final long maxPayload;
    private final RateLimit pingLimit;
    private double pingTokens;
    private long lastPingNanos;
    private int pingsOver;
    private final byte[] header = new byte[MAX_HEADER];
    private int headerBytes;
    private long payloadLeft;
    /** Written by the filling thread (or the upgrading one, before any fill), read by the opening one. */
    private volatile CloseStatus violation;
    private volatile WebSocketCoreSession session;
    /** Set once Jetty has handled the frames before the refused one; then the close may go out. */
    private volatile boolean closeDue;
    private final AtomicBoolean closing = new AtomicBoolean();

    /** An inspector for data frames of at most {@code maxPayload} bytes and pings within {@code pingLimit}. */
    FrameInspector(long maxPayload, RateLimit pingLimit) {
        this.maxPayload = maxPayload;
        this.pingLimit = pingLimit;
        this.pingTokens = pingLimit.isUnlimited() ? 0 : pingLimit.burst();
        this.lastPingNanos = System.nanoTime();
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
        int start = bytes.position();
        int pos = start;
        int end = bytes.limit();
        int headerStart = start;
        while (pos < end) {
            if (payloadLeft > 0) {
                int skip = (int) Math.min(payloadLeft, end - pos);
                payloadLeft -= skip;
                pos += skip;
                continue;
            }
            if (headerBytes == 0) {
                headerStart = pos;
            }
            header[headerBytes++] = bytes.get(pos++);
            if (headerBytes >= 2 && headerBytes == headerLength()) {
                CloseStatus refused = check();
                headerBytes = 0;
                if (refused != null) {
                    violation = refused;
                    if (headerStart == start) {
                        closeDue = true; // nothing of this read goes to Jetty: it has handled all before
                        tryClose();
                    }
                    return headerStart - start;
                }
            }
        }
        return end - start;
    }

    private int headerLength() {
        int lengthCode = header[1] & 0x7f;
        int extended = lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0;
        return 2 + extended + ((header[1] & 0x80) != 0 ? 4 : 0);
    }

    private CloseStatus check() {
        int lengthCode = header[1] & 0x7f;
        long length = lengthCode;
        if (lengthCode == 126) {
            length = ((header[2] & 0xffL) << 8) | (header[3] & 0xffL);
        } else if (lengthCode == 127) {
            length = ByteBuffer.wrap(header, 2, 8).getLong();
            if (length < 0) {
                return new CloseStatus(CloseStatus.PROTOCOL, "frame length out of range");
            }
        }
        int opcode = header[0] & 0x0f;
        if (opcode == PING && !chargePing(System.nanoTime())) {
            return new CloseStatus(CloseStatus.POLICY_VIOLATION, "rate limit exceeded: too many pings");
        }
        if (opcode < 8 && length > maxPayload) { // a data frame: Jetty would read up to the limit first
            return new CloseStatus(CloseStatus.MESSAGE_TOO_LARGE, "message larger than " + maxPayload + " bytes");
        }
        payloadLeft = length;
        return null;
    }

    /**
     * Charges one ping against the connection's ping bucket (refilled at the limit's rate up to its
     * burst; the pings over it are forgiven once it is full again). Pings over the rate are still
     * answered (Jetty reads the next frame only once a pong is written); more than
     * {@code disconnectAfter} of them close the connection. Returns false then.
     */
    private boolean chargePing(long nowNanos) {
        if (pingLimit.isUnlimited()) {
            return true;
        }
        pingTokens = Math.min(pingLimit.burst(),
                pingTokens + (nowNanos - lastPingNanos) * (pingLimit.messagesPerSecond() / 1e9));
        lastPingNanos = nowNanos;
        if (pingsOver > 0 && pingTokens >= pingLimit.burst()) {
            pingsOver = 0;
        }
        if (pingTokens >= 1) {
            pingTokens -= 1;
            return true;
        }
        pingsOver++;
        return pingsOver <= pingLimit.disconnectAfter();
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
