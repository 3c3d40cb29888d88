package dev.channels.bench.driver;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The frames the driver sends and the two numbers it reads back. Every frame is a channels message
 * envelope whose body is {@code {"seq":n,"t":nanos,"pad":"..."}}: {@code seq} numbers the message,
 * {@code t} is the driver's {@link System#nanoTime()} at the (intended) send time, so latency is
 * measured on one clock. The raw ceiling endpoints receive the very same frames. A Socket.IO target
 * ({@link Wire#SOCKET_IO}) gets the same body as the data of an event named by the type,
 * {@code 42["type",{"seq":n,...}]}: what a Socket.IO application would send (its event name plays the
 * envelope's type; it has no envelope).
 */
final class Frames {

    private final String prefix;
    private final String pad;
    private final String suffix;
    private final Wire wire;

    /**
     * @param type      the message type (handled by the server's bench handlers)
     * @param bodyBytes the size of the body JSON, padded to at least this many bytes
     */
    Frames(String type, int bodyBytes) {
        this(type, bodyBytes, Wire.CHANNELS);
    }

    /** Frames for a target speaking {@code wire}. */
    Frames(String type, int bodyBytes, Wire wire) {
        this(type, bodyBytes, wire, "");
    }

    /**
     * Frames for a target speaking {@code wire}, naming {@code channelId} (a session's frames must name
     * the channel; a channel connection's may leave it empty).
     */
    Frames(String type, int bodyBytes, Wire wire, String channelId) {
        this.wire = wire;
        this.suffix = wire == Wire.SOCKET_IO ? "\"}]" : "\"}}";
        this.prefix = wire == Wire.SOCKET_IO
                ? "42[\"" + type + "\","
                : "{\"correlationId\":\"\",\"appId\":\"\",\"clientID\":\"\",\"userId\":\"\",\"expiration\":null,"
                + "\"channelId\":\"" + channelId + "\",\"timestamp\":\"" + Instant.now() + "\",\"type\":\"" + type + "\",\"headers\":{},"
                + "\"messageId\":\"";
        int fixed = "{\"seq\":0000000,\"t\":000000000000000,\"pad\":\"\"}".length();
        this.pad = "x".repeat(Math.max(0, bodyBytes - fixed));
    }

    /** A frame for message {@code seq} sent (or due) at {@code nanos}. */
    String frame(long seq, long nanos) {
        String body = "{\"seq\":" + seq + ",\"t\":" + nanos + ",\"pad\":\"" + pad + suffix;
        if (wire == Wire.SOCKET_IO) {
            return prefix + body;
        }
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return prefix + new UUID(r.nextLong(), r.nextLong()) + "\",\"body\":" + body;
    }

    /** A session's request to join {@code channelId}, with {@code correlationId}. */
    static String channelJoin(String channelId, String correlationId) {
        return "{\"type\":\"channel.join\",\"channelId\":\"" + channelId + "\",\"correlationId\":\""
                + correlationId + "\"}";
    }

    /** The {@code seq} of a frame's body, or -1 when it has none (e.g. a join or error frame). */
    static long seq(String text) {
        return longAfter(text, "\"seq\":");
    }

    /** The send time {@code t} of a frame's body. */
    static long sentNanos(String text) {
        return longAfter(text, "\"t\":");
    }

    private static long longAfter(String text, String key) {
        int at = text.indexOf(key);
        if (at < 0) {
            return -1;
        }
        int i = at + key.length();
        boolean negative = false;
        if (i < text.length() && text.charAt(i) == '-') {
            negative = true;
            i++;
        }
        long value = 0;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
        }
        return negative ? -value : value;
    }
}
