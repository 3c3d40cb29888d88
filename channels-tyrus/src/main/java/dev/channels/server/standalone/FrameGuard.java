package dev.channels.server.standalone;

import dev.channels.server.RateLimit;
import dev.channels.server.runner.FrameHeaderScanner;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import java.nio.ByteBuffer;

/**
 * Reads the header of every WebSocket frame a client sends, before Tyrus sees its bytes, and refuses
 * two kinds of frames at their first bytes (RFC 6455 5.1 and 5.2): an unmasked frame (the server
 * must close with 1002) and a data frame that announces more payload than the server's maximum
 * message size (1009). A binary frame is refused at its header too (1003: the server takes text
 * only), so a first fragment without FIN holds nothing until its message would end. It also charges
 * each ping against the server's rate limit: a ping flood is closed with 1008 (pings over the rate
 * are still answered; Tyrus coalesces nothing, but {@link ReapingWriter} keeps one pong queued at
 * most). Tyrus 2.1 accepts unmasked client frames and buffers a whole frame, up to about 4 MiB,
 * before anything above it can count its bytes; with this guard an oversized frame costs its header,
 * not its payload. The header
 * parsing and the ping bucket are the shared {@link FrameHeaderScanner} (the Jetty runner's
 * {@code FrameInspector} uses the same); this class turns its refusal into Tyrus's close reason.
 *
 * <p>It only inspects: payload bytes are skipped, never copied, and the bytes go on to Tyrus
 * unchanged. Owned by the thread that reads the connection (Grizzly hands one connection's reads
 * over one at a time), so it has no lock.
 */
final class FrameGuard {

    /** The longest frame header: 2 bytes, an 8-byte length, a 4-byte mask. */
    static final int MAX_HEADER = FrameHeaderScanner.MAX_HEADER;

    private final FrameHeaderScanner scanner;
    private CloseReason violation;

    /** A guard for frames of at most {@code maxPayload} bytes and pings within {@code pingLimit}. */
    FrameGuard(long maxPayload, RateLimit pingLimit) {
        this.scanner = new FrameHeaderScanner(maxPayload, pingLimit, true, true);
    }

    /**
     * Looks at {@code bytes} (without moving its position) and returns how many of them may go on
     * to Tyrus: all of them while every frame is acceptable, otherwise those before the header of
     * the first offending frame, whose close reason {@link #violation()} then gives. After a
     * violation nothing more may pass: the connection is done.
     */
    int inspect(ByteBuffer bytes) {
        int passed = scanner.scan(bytes);
        if (violation == null && scanner.refusal() != null) {
            violation = closeReason(scanner.refusal());
        }
        return passed;
    }

    /** The close reason for the offending frame, or null while there is none. */
    CloseReason violation() {
        return violation;
    }

    private CloseReason closeReason(FrameHeaderScanner.Refusal refusal) {
        return switch (refusal) {
            case UNMASKED -> new CloseReason(CloseCodes.PROTOCOL_ERROR, "client frames must be masked");
            case LENGTH_OUT_OF_RANGE -> new CloseReason(CloseCodes.PROTOCOL_ERROR, "frame length out of range");
            case PING_FLOOD -> new CloseReason(CloseCodes.VIOLATED_POLICY, "rate limit exceeded: too many pings");
            case BINARY -> new CloseReason(CloseCodes.CANNOT_ACCEPT, "binary frames are not supported: send JSON text frames");
            case TOO_LARGE -> new CloseReason(CloseCodes.TOO_BIG, "message larger than " + scanner.maxPayload() + " bytes");
        };
    }
}
