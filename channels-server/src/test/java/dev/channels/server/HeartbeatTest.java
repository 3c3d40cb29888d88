package dev.channels.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.testkit.FakeSession;
import dev.channels.testkit.ManualClock;
import dev.channels.transport.RawFrameWriter;
import dev.channels.transport.SessionWriter;
import dev.channels.transport.SessionWriterListener;
import dev.channels.transport.SessionWriterOptions;
import jakarta.websocket.CloseReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat's decisions per beat, on fake sessions and a manual clock: no socket, no waiting for
 * a pong wait or a write timeout to pass (the wire behaviour is in ChannelLifecycleRaceTest and
 * ChannelServerLoadTest).
 */
class HeartbeatTest {

    private static final Duration PONG_WAIT = Duration.ofSeconds(60);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    private final ManualClock clock = new ManualClock();
    private final List<Connection> connections = new ArrayList<>();
    private final List<String> evictions = new ArrayList<>();
    private final Heartbeat heartbeat = new Heartbeat(() -> connections, PONG_WAIT, WRITE_TIMEOUT,
            (connection, reason, why) -> evictions.add(connection.clientId() + ": " + why));

    private Connection connection(String clientId, FakeSession session) {
        SessionWriter writer = new SessionWriter(session, SessionWriterOptions.defaults(), new SessionWriterListener() { },
                RawFrameWriter.Factory.NONE, clock);
        Connection c = new Connection(clientId, session, writer, new Handshake("room", Map.of(), Map.of(), null),
                null, false, clock);
        connections.add(c);
        return c;
    }

    @Test
    void pingsAConnectionThatPongedWithinThePongWaitAndClosesOneThatDidNot() {
        FakeSession quiet = new FakeSession("quiet").autoComplete(true);
        FakeSession lively = new FakeSession("lively").autoComplete(true);
        connection("quiet", quiet);
        Connection answers = connection("lively", lively);

        clock.advance(PONG_WAIT);
        answers.ponged();
        heartbeat.run();
        assertThat(evictions).isEmpty(); // exactly the pong wait is not past it
        assertThat(quiet.pings()).isEqualTo(1);
        assertThat(lively.pings()).isEqualTo(1);

        clock.advance(Duration.ofMillis(1));
        heartbeat.run();
        assertThat(evictions).containsExactly("quiet: pong timeout");
        assertThat(lively.pings()).isEqualTo(2);
    }

    @Test
    void closesAConnectionWhoseWriterIsStuckOnOneFramePastTheWriteTimeout() {
        FakeSession stuck = new FakeSession("stuck"); // its sends stay in flight until completed
        FakeSession reading = new FakeSession("reading");
        Connection stuckMember = connection("stuck", stuck);
        Connection readingMember = connection("reading", reading);
        stuckMember.writer().send("{\"type\":\"big\"}");
        readingMember.writer().send("{\"type\":\"big\"}");

        clock.advance(WRITE_TIMEOUT);
        reading.completeNext(); // this one's reader took its frame
        heartbeat.run();
        assertThat(evictions).isEmpty();

        clock.advance(Duration.ofMillis(1));
        stuckMember.ponged();
        readingMember.ponged();
        heartbeat.run();
        assertThat(evictions).containsExactly("stuck: write timeout");
        assertThat(reading.pings()).isEqualTo(2);
    }

    @Test
    void aFailureForOneConnectionDoesNotStopTheBeatForTheOthers() {
        FakeSession first = new FakeSession("first").autoComplete(true);
        FakeSession second = new FakeSession("second").autoComplete(true);
        connection("first", first);
        connection("second", second);
        List<String> evicted = new ArrayList<>();
        Heartbeat failing = new Heartbeat(() -> connections, PONG_WAIT, WRITE_TIMEOUT, (connection, reason, why) -> {
            evicted.add(connection.clientId());
            if (connection.clientId().equals("first")) {
                throw new IllegalStateException("evictor failed on purpose");
            }
        });

        clock.advance(PONG_WAIT.plusSeconds(1));
        failing.run();

        assertThat(evicted).containsExactly("first", "second");
    }

    @Test
    void aConnectionsOwnCloseReasonIsGoingAway() {
        List<CloseReason> reasons = new ArrayList<>();
        Heartbeat recording = new Heartbeat(() -> connections, PONG_WAIT, WRITE_TIMEOUT,
                (connection, reason, why) -> reasons.add(reason));
        connection("quiet", new FakeSession("quiet").autoComplete(true));

        clock.advance(PONG_WAIT.plusSeconds(1));
        recording.run();

        assertThat(reasons).singleElement()
                .satisfies(r -> assertThat(r.getCloseCode()).isEqualTo(CloseReason.CloseCodes.GOING_AWAY));
    }
}
