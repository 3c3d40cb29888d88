package dev.channels.server.standalone;

import dev.channels.server.RateLimit;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import java.nio.ByteBuffer;

/**
 * Reads the header of every WebSocket frame a client sends, before Tyrus sees its bytes, and refuses
 * two kinds of frames at their first bytes (RFC 6455 5.1 and 5.2): an unmasked frame (the server
 * must close with 1002) and a data frame that announces more payload than the server's maximum
 * message size (1009). A binary frame is refused at its header too (1003: the server takes text
 * only), so a first fragment without FIN holds nothing until its message would end. It also charges each ping against the server's rate limit: a ping flood is
 * closed with 1008 ({@link #chargePing}). Tyrus 2.1 accepts unmasked client frames and buffers a whole frame, up to
 * about 4 MiB, before anything above it can count its bytes; with this guard an oversized frame
 * costs its header, not its payload.
 *
 * <p>It only inspects: payload bytes are skipped, never copied, and the bytes go on to Tyrus
 * unchanged. Owned by the thread that reads the connection (Grizzly hands one connection's reads
 * over one at a time), so it has no lock.
 */
final class FrameGuard {

    /** The longest frame header: 2 bytes, an 8-byte length, a 4-byte mask. */
    static final int MAX_HEADER = 14;
    private static final int PING = 0x9;
    private static final int BINARY = 0x2;

    private final long maxPayload;
    private final RateLimit pingLimit;
    private double pingTokens;
    private long lastPingNanos;
    private int pingsOver;
    private final byte[] header = new byte[MAX_HEADER];
    private int headerBytes;
    private long payloadLeft;
    private CloseReason violation;

    /** A guard for frames of at most {@code maxPayload} bytes and pings within {@code pingLimit}. */
    FrameGuard(long maxPayload, RateLimit pingLimit) {
        this.maxPayload = maxPayload;
        this.pingLimit = pingLimit;
        this.pingTokens = pingLimit.isUnlimited() ? 0 : pingLimit.burst();
        this.lastPingNanos = System.nanoTime();
    }

    /**
     * Charges one ping against the connection's rate limit, a bucket like the one that limits its
     * messages ({@link RateLimit}: refilled at its rate up to its burst; forgiven once full again).
     * Pings over the rate are still answered (Tyrus coalesces nothing, but {@link ReapingWriter}
     * keeps one pong queued at most); more than {@code disconnectAfter} of them close the
     * connection with 1008, as a message flood is. Returns false then.
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

    /**
     * Looks at {@code bytes} (without moving its position) and returns how many of them may go on
     * to Tyrus: all of them while every frame is acceptable, otherwise those before the header of
     * the first offending frame, whose close reason {@link #violation()} then gives. After a
     * violation nothing more may pass: the connection is done.
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
                violation = check();
                headerBytes = 0;
                if (violation != null) {
                    return headerStart - start;
                }
            }
        }
        return end - start;
    }

    /** The close reason for the offending frame, or null while there is none. */
    CloseReason violation() {
        return violation;
    }

    /** The length of the header being read, known once its first two bytes are in. */
    private int headerLength() {
        int lengthCode = header[1] & 0x7f;
        int extended = lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0;
        boolean masked = (header[1] & 0x80) != 0;
        return 2 + extended + (masked ? 4 : 0);
    }

    private CloseReason check() {
        if ((header[1] & 0x80) == 0) {
            return new CloseReason(CloseCodes.PROTOCOL_ERROR, "client frames must be masked");
        }
        int lengthCode = header[1] & 0x7f;
        long length = lengthCode;
        if (lengthCode == 126) {
            length = ((header[2] & 0xffL) << 8) | (header[3] & 0xffL);
        } else if (lengthCode == 127) {
            length = ByteBuffer.wrap(header, 2, 8).getLong();
            if (length < 0) {
                return new CloseReason(CloseCodes.PROTOCOL_ERROR, "frame length out of range");
            }
        }
        int opcode = header[0] & 0x0f;
        if (opcode == PING && !chargePing(System.nanoTime())) {
            return new CloseReason(CloseCodes.VIOLATED_POLICY, "rate limit exceeded: too many pings");
        }
        if (opcode == BINARY) { // refused whole anyway: refusing its first fragment spares buffering the rest
            return new CloseReason(CloseCodes.CANNOT_ACCEPT, "binary frames are not supported: send JSON text frames");
        }
        boolean dataFrame = opcode < 8;
        if (dataFrame && length > maxPayload) {
            return new CloseReason(CloseCodes.TOO_BIG, "message larger than " + maxPayload + " bytes");
        }
        payloadLeft = length;
        return null;
    }
}
