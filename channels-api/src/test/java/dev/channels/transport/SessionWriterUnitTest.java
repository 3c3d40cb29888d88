package dev.channels.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.testkit.FakeSession;
import dev.channels.testkit.ManualClock;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The writer's rules on a fake session and a manual clock: the test decides when the "network" takes
 * a frame, so ordering, one-send-at-a-time, overflow and timing are checked without a socket or a
 * wait. {@link SessionWriterTest} checks the same writer over real sockets.
 */
class SessionWriterUnitTest {

    private final FakeSession session = new FakeSession("s1");
    private final ManualClock clock = new ManualClock();
    private final List<String> events = new ArrayList<>();
    private final SessionWriterListener listener = new SessionWriterListener() {
        @Override
        public void onOverflow(SessionWriter writer) {
            events.add("overflow");
        }

        @Override
        public void onFrameDropped(SessionWriter writer) {
            events.add("dropped");
        }

        @Override
        public void onFailure(SessionWriter writer, Throwable error) {
            events.add("failure: " + error.getMessage());
        }
    };

    /** Closes run on the calling thread, so the test sees them at once. */
    private SessionWriter writer(int maxQueuedFrames, OverflowPolicy policy) {
        return new SessionWriter(session, SessionWriterOptions.builder().bounds(maxQueuedFrames, 1 << 20)
                .overflowPolicy(policy).closeExecutor(Runnable::run).build(), listener, RawFrameWriter.Factory.NONE, clock);
    }

    @Test
    void oneSendInFlightAtATimeInTheOrderQueued() {
        SessionWriter writer = writer(16, OverflowPolicy.DISCONNECT);

        writer.send("a");
        writer.send("b");
        writer.send("c");
        assertThat(session.texts()).containsExactly("a");
        assertThat(writer.queuedFrames()).isEqualTo(2);

        session.completeNext();
        assertThat(session.texts()).containsExactly("a", "b");
        session.completeNext();
        session.completeNext();
        assertThat(session.texts()).containsExactly("a", "b", "c");
        assertThat(session.inFlight()).isZero();
        assertThat(writer.queuedFrames()).isZero();
    }

    @Test
    void aPingGoesOutBeforeQueuedData() {
        SessionWriter writer = writer(16, OverflowPolicy.DISCONNECT);
        writer.send("a");
        writer.send("b");

        writer.ping();
        assertThat(session.pings()).isZero(); // "a" is still in flight
        session.completeNext();

        assertThat(session.pings()).isEqualTo(1);
        assertThat(session.texts()).containsExactly("a", "b");
    }

    @Test
    void inFlightTimeIsTheClocksTimeSinceTheSendStartedAndZeroWhenIdle() {
        SessionWriter writer = writer(16, OverflowPolicy.DISCONNECT);
        assertThat(writer.inFlightNanos()).isZero();

        writer.send("a");
        clock.advance(Duration.ofSeconds(30));
        assertThat(writer.inFlightNanos()).isEqualTo(Duration.ofSeconds(30).toNanos());

        session.completeNext();
        assertThat(writer.inFlightNanos()).isZero();
    }

    @Test
    void aFullQueueClosesASlowReaderWith1013Once() {
        SessionWriter writer = writer(2, OverflowPolicy.DISCONNECT);
        assertThat(writer.send("in flight")).isTrue();
        assertThat(writer.send("q1")).isTrue();
        assertThat(writer.send("q2")).isTrue();

        assertThat(writer.send("q3")).isFalse();
        assertThat(writer.send("q4")).isFalse();

        assertThat(events).containsExactly("overflow");
        assertThat(session.closeReason().getCloseCode()).isEqualTo(CloseCodes.TRY_AGAIN_LATER);
        assertThat(writer.isClosed()).isTrue();
    }

    @Test
    void theDropPolicyDropsTheFrameAndKeepsTheConnection() {
        SessionWriter writer = writer(1, OverflowPolicy.DROP);
        writer.send("in flight");
        writer.send("q1");

        assertThat(writer.send("q2")).isFalse();

        assertThat(events).containsExactly("dropped");
        assertThat(session.isOpen()).isTrue();
        session.completeNext();
        assertThat(session.texts()).containsExactly("in flight", "q1");
    }

    @Test
    void aFailedSendClosesTheSessionWith1011AndDropsWhatWasQueued() {
        SessionWriter writer = writer(16, OverflowPolicy.DISCONNECT);
        writer.send("a");
        writer.send("b");

        session.failNext(new IOException("broken pipe"));

        assertThat(events).containsExactly("failure: broken pipe");
        assertThat(session.closeReason().getCloseCode()).isEqualTo(CloseCodes.UNEXPECTED_CONDITION);
        assertThat(session.texts()).containsExactly("a");
        assertThat(writer.send("c")).isFalse();
    }

    @Test
    void closeAfterDrainSendsWhatIsQueuedThenClosesAndRefusesLaterFrames() {
        SessionWriter writer = writer(16, OverflowPolicy.DISCONNECT);
        writer.send("a");
        writer.send("b");
        CloseReason bye = new CloseReason(CloseCodes.NORMAL_CLOSURE, "bye");

        writer.closeAfterDrain(bye);
        assertThat(writer.send("late")).isFalse();
        assertThat(session.closeReason()).isNull();
        session.completeNext();
        session.completeNext();

        assertThat(session.texts()).containsExactly("a", "b");
        assertThat(session.closeReason()).isSameAs(bye);
    }
}
