package dev.channels.bench.driver;

/**
 * What one fan-out member received: how many messages, how many out of order (a gap or a repeat), and
 * the sequence number it expects next. Written only by the member's (serial) receive callbacks; read
 * after the phases.
 */
final class FanoutMember {

    /** What {@link #onFrame} returns for a frame that is not a fan-out message (no sequence number). */
    static final long NOT_A_MESSAGE = Long.MIN_VALUE;

    volatile long received;
    volatile long outOfOrder;
    volatile long nextSeq;

    /**
     * Counts the message in {@code text}, received at {@code nowNanos}, and records its delivery in its
     * phase of {@code phases}.
     *
     * @return its latency from the send time stamped in it, in nanoseconds, or {@link #NOT_A_MESSAGE}
     */
    long onFrame(String text, long nowNanos, Phases phases) {
        long seq = Frames.seq(text);
        if (seq < 0) {
            return NOT_A_MESSAGE;
        }
        received++;
        if (seq != nextSeq) {
            outOfOrder++;
        }
        nextSeq = seq + 1;
        long latency = nowNanos - Frames.sentNanos(text);
        Phase p = phases.of(seq);
        if (p != null) {
            p.delivered(seq, latency, nowNanos);
        }
        return latency;
    }
}
