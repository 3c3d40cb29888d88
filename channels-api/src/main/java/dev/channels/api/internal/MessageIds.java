package dev.channels.api.internal;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fresh message ids: UUIDs in the version-4 layout (the protocol's {@code messageId} is a UUID
 * string), made without {@link java.util.UUID#randomUUID()}, which asks {@link SecureRandom} for 16
 * bytes per id (3% of the server's CPU on request-reply, issue 15).
 *
 * <p>The high 64 bits are random, drawn once per JVM from {@link SecureRandom}; the low 62 bits
 * are a counter, starting at a random value, passed through a bijection of 62-bit numbers so that
 * consecutive ids do not look consecutive. The counter makes every id of one JVM distinct (for
 * 2^62 ids); the random high bits make ids of different JVMs (several nodes of a cluster)
 * distinct with the odds of random UUIDs. The ids are unique, not secret: nothing in the protocol
 * relies on a message id being hard to guess (client ids are made by {@code UUID.randomUUID()}).
 * Thread-safe: one atomic counter.
 *
 * <p>Not part of the public API.
 *
 * @since 0.1.0
 */
public final class MessageIds {

    private static final long MASK_62 = (1L << 62) - 1;
    private static final long HIGH;
    private static final AtomicLong COUNTER;

    static {
        SecureRandom random = new SecureRandom();
        HIGH = (random.nextLong() & 0xFFFF_FFFF_FFFF_0FFFL) | 0x0000_0000_0000_4000L; // version 4
        COUNTER = new AtomicLong(random.nextLong());
    }

    private MessageIds() {
    }

    /** A fresh id, e.g. {@code 8e1f6b63-2a8f-4b66-8e4f-1d3c4b5a6f72}. */
    public static String next() {
        long low = (mix62(COUNTER.getAndIncrement() & MASK_62)) | 0x8000_0000_0000_0000L; // variant 10
        char[] out = new char[36];
        hex(out, 0, HIGH >>> 32, 8);
        out[8] = '-';
        hex(out, 9, HIGH >>> 16, 4);
        out[13] = '-';
        hex(out, 14, HIGH, 4);
        out[18] = '-';
        hex(out, 19, low >>> 48, 4);
        out[23] = '-';
        hex(out, 24, low, 12);
        return new String(out);
    }

    /**
     * A bijection of the 62-bit numbers: multiplication by an odd constant and xor-shifts, each
     * invertible modulo 2^62, so distinct counters give distinct ids.
     */
    static long mix62(long x) {
        x = (x * 0x1D8E_4E27_C47D_124FL) & MASK_62;
        x ^= x >>> 29;
        x = (x * 0x3C6E_F372_FE94_F82BL) & MASK_62;
        x ^= x >>> 32;
        return x;
    }

    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private static void hex(char[] out, int at, long value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = DIGITS[(int) (value & 0xF)];
            value >>>= 4;
        }
    }
}
