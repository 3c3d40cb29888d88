package dev.channels.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.api.Message;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.server.engine.Publication;
import dev.channels.server.engine.StreamPosition;
import dev.channels.transport.OutboundText;
import org.junit.jupiter.api.Test;

/**
 * The shared frames of stream positions: one instance per position while it is used, bounded, and
 * given back once unused (times passed in, no waiting).
 */
class StreamFramesTest {

    private static Publication publication(long offset, String text) {
        String data = EnvelopeCodec.encode(Message.create("chat", "room").withBody(text));
        return new Publication("room", new StreamPosition(offset, "e1"), data);
    }

    @Test
    void aPositionIsFramedOnceWithItsStreamHeadersAndSharedWhileInUse() {
        StreamFrames frames = new StreamFrames(1 << 20);
        OutboundText first = frames.frame(publication(7, "hello"));
        OutboundText again = frames.frame(publication(7, "hello"));

        assertThat(again).isSameAs(first);
        Message framed = EnvelopeCodec.decodeMessage(first.text());
        assertThat(framed.headers().get("X-Channel-Offset")).containsExactly("7");
        assertThat(framed.headers().get("X-Channel-Epoch")).containsExactly("e1");
        assertThat(frames.chars()).isEqualTo(first.length());
    }

    @Test
    void unusedFramesAreDroppedAfterTheIdleTimeAndUsedOnesStay() {
        StreamFrames frames = new StreamFrames(1 << 20);
        OutboundText old = frames.frame(publication(1, "old"));
        long start = System.nanoTime();
        frames.expire(start + StreamFrames.IDLE_NANOS / 2);
        assertThat(frames.chars()).isEqualTo(old.length());

        frames.expire(start + StreamFrames.IDLE_NANOS + 1_000_000_000L);
        assertThat(frames.chars()).isZero();
        assertThat(frames.frame(publication(1, "old"))).isNotSameAs(old);
    }

    @Test
    void theLeastRecentlyUsedGoFirstPastTheBound() {
        OutboundText one = new StreamFrames(1 << 20).frame(publication(1, "x".repeat(100)));
        StreamFrames frames = new StreamFrames(one.length() * 2L);
        OutboundText a = frames.frame(publication(1, "x".repeat(100)));
        frames.frame(publication(2, "x".repeat(100)));
        frames.frame(publication(1, "x".repeat(100))); // 1 used last: 2 goes first
        frames.frame(publication(3, "x".repeat(100)));

        assertThat(frames.frame(publication(1, "x".repeat(100)))).isSameAs(a);
        assertThat(frames.chars()).isLessThanOrEqualTo(one.length() * 2L);
    }
}
