package dev.channels.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.server.engine.StreamPosition;
import dev.channels.testkit.FakeSession;
import dev.channels.transport.OutboundText;
import dev.channels.transport.SessionWriter;
import dev.channels.transport.SessionWriterListener;
import dev.channels.transport.SessionWriterOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The outbox's rules on a fake session (no socket; the test decides when a send completes): what is
 * held until join.success, what a replay makes redundant, what breaks the stream, when a presence
 * event is dropped. Over real sockets the same rules are in ChannelStreamTest and ClusterTest.
 */
class MemberOutboxTest {

    private static final int MAX_HELD = 8;

    private final FakeSession session = new FakeSession("member").autoComplete(true);
    private final SessionWriter writer = new SessionWriter(session, SessionWriterOptions.defaults(),
            new SessionWriterListener() { });
    private final List<String> broken = new ArrayList<>();
    private final MemberOutbox outbox = new MemberOutbox(writer, MAX_HELD, 1 << 20, broken::add);

    private static StreamPosition at(long offset) {
        return new StreamPosition(offset, "e1");
    }

    private static OutboundText text(String s) {
        return OutboundText.of(s);
    }

    @Test
    void holdsFramesUntilOpenThenWritesJoinSuccessTheReplayAndTheHeldFramesTheReplayDidNotCover() {
        outbox.deliver(text("m2"), at(2)); // arrived live while the join read the history
        outbox.deliver(text("m3"), at(3));
        outbox.send("direct");
        assertThat(session.texts()).isEmpty();

        outbox.open("join.success", List.of(text("m1"), text("m2")), List.of(at(1), at(2)), at(0));

        assertThat(session.texts()).containsExactly("join.success", "m1", "m2", "m3", "direct");
        assertThat(outbox.offset()).isEqualTo(3);
        assertThat(broken).isEmpty();
    }

    @Test
    void aGapAfterOpenBreaksTheStreamOnceAndLaterFramesAreRefused() {
        outbox.open("join.success", List.of(), List.of(), at(5));
        assertThat(outbox.deliver(text("m6"), at(6))).isTrue();

        assertThat(outbox.deliver(text("m8"), at(8))).isFalse();
        assertThat(outbox.deliver(text("m9"), at(9))).isFalse();

        assertThat(broken).containsExactly("missed channel messages 7..7");
        assertThat(session.texts()).containsExactly("join.success", "m6");
    }

    @Test
    void anotherEpochBreaksTheStream() {
        outbox.open("join.success", List.of(), List.of(), at(5));

        outbox.deliver(text("other"), new StreamPosition(6, "e2"));

        assertThat(broken).singleElement().asString().contains("epoch e2");
    }

    @Test
    void aFrameTheMemberAlreadyHasIsDroppedWithoutBreakingTheStream() {
        outbox.open("join.success", List.of(), List.of(), at(5));

        assertThat(outbox.deliver(text("old"), at(4))).isFalse();

        assertThat(broken).isEmpty();
        assertThat(session.texts()).containsExactly("join.success");
    }

    @Test
    void moreFramesWhileJoiningThanTheOutboxHoldsBreakItWithTheJoinOverflowReason() {
        for (int i = 0; i < MAX_HELD; i++) {
            assertThat(outbox.send("f" + i)).isTrue();
        }
        assertThat(outbox.send("one too many")).isFalse();

        assertThat(broken).containsExactly(MemberOutbox.JOIN_OVERFLOW);
        outbox.open("join.success", List.of(), List.of(), StreamPosition.NONE);
        assertThat(session.texts()).isEmpty(); // a broken outbox never opens
    }

    @Test
    void presenceEventsAreDroppedOnceTheWritersQueueIsHalfFullAndFlowAgainWhenItDrains() {
        FakeSession slow = new FakeSession("slow"); // sends complete when the test says
        SessionWriter slowWriter = new SessionWriter(slow, SessionWriterOptions.defaults(), new SessionWriterListener() { });
        MemberOutbox slowOutbox = new MemberOutbox(slowWriter, MAX_HELD, 1 << 20, broken::add);
        slowOutbox.open("join.success", List.of(), List.of(), StreamPosition.NONE); // in flight from now on
        for (int i = 0; i < MAX_HELD / 2; i++) {
            slowOutbox.send("chat" + i); // queued behind it
        }

        assertThat(slowOutbox.deliverDroppable(text("presence.joined"))).isFalse();

        for (int i = 0; i <= MAX_HELD / 2; i++) {
            slow.completeNext();
        }
        assertThat(slowOutbox.deliverDroppable(text("presence.left"))).isTrue();
        assertThat(broken).isEmpty();
        assertThat(slow.texts()).endsWith("chat3", "presence.left").doesNotContain("presence.joined");
    }

    @Test
    void resumeKeepsAMemberThatHasTheWholeStreamAndBreaksOneThatMissedSome() {
        outbox.open("join.success", List.of(), List.of(), at(5));
        outbox.resume(at(5));
        assertThat(broken).isEmpty();

        outbox.resume(at(7));
        assertThat(broken).containsExactly("missed channel messages 6..7");
    }
}
