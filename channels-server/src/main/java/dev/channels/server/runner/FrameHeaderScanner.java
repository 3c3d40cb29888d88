package dev.channels.server.runner;

import dev.channels.server.RateLimit;
import java.nio.ByteBuffer;

/**
 * Follows the WebSocket frames (RFC 6455 5.2) a client sends on one connection, as the bytes come off
 * the socket and before the runtime's own parser sees them, and finds the first frame the server
 * refuses at its header: a 64-bit length with its top bit set, a ping over the ping bucket, a data
 * frame that announces more than the maximum message size and, where the runner asks for it, an
 * unmasked frame or a binary one. Both runners' read guards use it (the Tyrus runner's
 * {@code FrameGuard}, the Jetty runner's {@code FrameInspector}); each turns a {@link Refusal} into its
 * own close frame.
 *
 * <p>It only inspects: payload bytes are skipped, never copied, and nothing is allocated per frame.
 * Not thread-safe: owned by the thread that reads the connection (both runtimes read one connection
 * on one thread at a time).
 *
 * @since 0.1.0
 */
public final class FrameHeaderScanner {

    /** The longest frame header: 2 bytes, an 8-byte length, a 4-byte mask. */
    public static final int MAX_HEADER = 14;
    private static final int BINARY = 0x2;
    private static final int PING = 0x9;

    /**
     * Why a frame was refused at its header.
     *
     * @since 0.1.0
     */
    public enum Refusal {
        /** A client frame without a mask (RFC 6455 5.1: the server must close, 1002). */
        UNMASKED,
        /** A 64-bit payload length with its top bit set (RFC 6455 5.2: 1002). */
        LENGTH_OUT_OF_RANGE,
        /** A ping over the ping bucket, more than {@link RateLimit#disconnectAfter()} times (1008). */
        PING_FLOOD,
        /** A binary frame, where the server takes text only (1003). */
        BINARY,
        /** A data frame announcing more than {@link #maxPayload()} bytes (1009). */
        TOO_LARGE
    }

    private final long maxPayload;
    private final RateLimit pingLimit;
    private final boolean requireMask;
    private final boolean refuseBinary;
    private double pingTokens;
    private long lastPingNanos;
    private int pingsOver;
    private final byte[] header = new byte[MAX_HEADER];
    private int headerBytes;
    private long payloadLeft;
    private Refusal refusal;

    /**
     * A scanner for data frames of at most {@code maxPayload} bytes and pings within {@code pingLimit};
     * with {@code requireMask}, unmasked frames are refused, with {@code refuseBinary}, binary ones.
     */
    public FrameHeaderScanner(long maxPayload, RateLimit pingLimit, boolean requireMask, boolean refuseBinary) {
        this.maxPayload = maxPayload;
        this.pingLimit = pingLimit;
        this.requireMask = requireMask;
        this.refuseBinary = refuseBinary;
        this.pingTokens = pingLimit.isUnlimited() ? 0 : pingLimit.burst();
        this.lastPingNanos = System.nanoTime();
    }

    /** The largest data frame payload accepted, in bytes. */
    public long maxPayload() {
        return maxPayload;
    }

    /**
     * Looks at the bytes from {@code bytes}' position to its limit (without moving them) and returns
     * how many of them may go on to the runtime: all while every frame is acceptable, otherwise those
     * before the header of the first refused frame, whose reason {@link #refusal()} then gives. After a
     * refusal nothing more may pass: it returns 0.
     */
    public int scan(ByteBuffer bytes) {
        if (refusal != null) {
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
                refusal = check();
                headerBytes = 0;
                if (refusal != null) {
                    return headerStart - start;
                }
            }
        }
        return end - start;
    }

    /** Why a frame was refused, or null while none was. */
    public Refusal refusal() {
        return refusal;
    }

    /** The length of the header being read, known once its first two bytes are in. */
    private int headerLength() {
        int lengthCode = header[1] & 0x7f;
        int extended = lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0;
        boolean masked = (header[1] & 0x80) != 0;
        return 2 + extended + (masked ? 4 : 0);
    }

    private Refusal check() {
        if (requireMask && (header[1] & 0x80) == 0) {
            return Refusal.UNMASKED;
        }
        int lengthCode = header[1] & 0x7f;
        long length = lengthCode;
        if (lengthCode == 126) {
            length = ((header[2] & 0xffL) << 8) | (header[3] & 0xffL);
        } else if (lengthCode == 127) {
            length = 0;
            for (int i = 2; i < 10; i++) { // big-endian, as the network sends it
                length = (length << 8) | (header[i] & 0xffL);
            }
            if (length < 0) {
                return Refusal.LENGTH_OUT_OF_RANGE;
            }
        }
        int opcode = header[0] & 0x0f;
        if (opcode == PING && !chargePing(System.nanoTime())) {
            return Refusal.PING_FLOOD;
        }
        if (refuseBinary && opcode == BINARY) { // refused whole anyway: refusing its first fragment spares buffering the rest
            return Refusal.BINARY;
        }
        if (opcode < 8 && length > maxPayload) { // a data frame: the runtime would read up to its limit first
            return Refusal.TOO_LARGE;
        }
        payloadLeft = length;
        return null;
    }

    /**
     * Charges one ping against the connection's ping bucket, a bucket like the one that limits its
     * messages ({@link RateLimit}: refilled at its rate up to its burst; the pings over it are forgiven
     * once it is full again). Pings over the rate are still answered by the runtime; more than
     * {@code disconnectAfter} of them refuse the connection, as a message flood does. Returns false then.
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
}
