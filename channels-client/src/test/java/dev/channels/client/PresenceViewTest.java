package dev.channels.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.api.MessageTypes;
import dev.channels.server.ChannelMember;
import dev.channels.server.ChannelServer;
import dev.channels.server.HandshakeCheck;
import dev.channels.server.HandshakeDecision;
import dev.channels.server.ServerOptions;
import dev.channels.testing.TestRunner;
import dev.channels.testkit.RecordingClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The typed presence API over a real server, with per-member events and with batched {@code presence.diff}:
 * after a join storm and some leaves, a {@link PresenceView} (loaded once, in the middle of the storm,
 * through several pages) holds exactly the server's member list, on a session and on a channel connection;
 * {@link PresenceListener#onJoin}/{@link PresenceListener#onLeave} fire once per join and leave whichever form
 * the server sends; {@link JoinedChannel#memberCount()} asks for the count alone.
 */
class PresenceViewTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int EARLY = 12;
    private static final int LATE = 24;
    private static final int LEAVING = 10;

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    @ParameterizedTest(name = "batch interval {0} ms, sessions {1}")
    @CsvSource({"0, true", "0, false", "200, true", "200, false"})
    void theViewEqualsTheServersMemberListAfterAJoinStormAndLeaves(long batchMillis, boolean sessions) throws Exception {
        ChannelServer server = ChannelServer.builder()
                .options(ServerOptions.builder().presenceEvents(true).presenceBatchInterval(Duration.ofMillis(batchMillis))
                        .maxMembersPerInfo(5).build()) // the load walks several pages
                .handshakeCheck(HandshakeCheck.admitting(h -> h.header("X-User").map(HandshakeDecision::acceptAs)
                        .orElse(HandshakeDecision.accept())))
                .build();
        TestRunner.Running running = TestRunner.current().start(server, 0);
        closing.add(running);
        URI base = URI.create("ws://localhost:" + running.port() + "/ws");

        PresenceView view = new PresenceView();
        Set<String> types = ConcurrentHashMap.newKeySet();
        AtomicInteger joins = new AtomicInteger();
        AtomicInteger leaves = new AtomicInteger();
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>(); // what each frame changed, for a failure's message
        ChannelClient observer = ChannelClient.builder().sessions(sessions)
                .onPresence(view)
                .onPresence(new PresenceListener() {
                    @Override
                    public void onDiff(JoinedChannel channel, PresenceDiff diff) {
                        seen.add(diff.joins().size() + "+/" + diff.leaves().size() + "- view " + view.count("room"));
                    }

                    @Override
                    public void onJoin(JoinedChannel channel, ChannelPresence.Member member) {
                        joins.incrementAndGet();
                    }

                    @Override
                    public void onLeave(JoinedChannel channel, ChannelPresence.Member member) {
                        leaves.incrementAndGet();
                    }
                })
                .listener(MessageTypes.PRESENCE_JOINED, (ctx, msg) -> { types.add(msg.type()); return msg.noContent(); })
                .listener(MessageTypes.PRESENCE_LEFT, (ctx, msg) -> { types.add(msg.type()); return msg.noContent(); })
                .listener(MessageTypes.PRESENCE_DIFF, (ctx, msg) -> { types.add(msg.type()); return msg.noContent(); })
                .build();
        closing.add(observer);
        JoinedChannel room = observer.join(base, "room", Map.of("X-User", List.of("observer")), Map.of());

        List<RecordingClient> members = new ArrayList<>();
        for (int i = 0; i < EARLY; i++) {
            members.add(member(base, i));
        }
        view.load(room); // in the middle of the storm: events before, during and after the walk over the pages
        seen.add("loaded " + view.count("room"));
        for (int i = EARLY; i < EARLY + LATE; i++) {
            members.add(member(base, i));
        }
        // Members the load listed may leave within the interval of their own join: the diff then lists only the
        // leave (each client's last change), so the view still learns it (docs/protocol.md "Presence").
        for (int i = 0; i < LEAVING; i++) {
            members.get(i * 3).close();
        }

        int expected = 1 + EARLY + LATE - LEAVING;
        await().atMost(WAIT).until(() -> server.presence("room").size() == expected);
        Set<ChannelPresence.Member> onServer = server.presence("room").stream()
                .map(m -> new ChannelPresence.Member(m.clientId(), m.userId())).collect(Collectors.toSet());
        await().atMost(WAIT).untilAsserted(() -> assertThat(Set.copyOf(view.members("room"))).as("%s", seen).isEqualTo(onServer));
        assertThat(view.count("room")).isEqualTo(expected);
        assertThat(view.contains("room", room.clientId())).isTrue();
        assertThat(server.presence("room")).extracting(ChannelMember::userId).contains("observer", "m1").doesNotContain("m0");
        if (batchMillis == 0) {
            // per-member events: every join (the observer's own too) and every leave once; a diff lists a member that
            // joined and left within one interval only as a leave, so the counts of the two forms differ
            await().atMost(WAIT).untilAsserted(() -> assertThat(joins.get() - leaves.get()).as("%s", seen).isEqualTo(expected));
            assertThat(joins.get()).isEqualTo(1 + EARLY + LATE);
            assertThat(leaves.get()).isEqualTo(LEAVING);
        }
        assertThat(types).containsExactlyInAnyOrderElementsOf(batchMillis == 0
                ? List.of(MessageTypes.PRESENCE_JOINED, MessageTypes.PRESENCE_LEFT) : List.of(MessageTypes.PRESENCE_DIFF));
        assertThat(room.memberCount()).isEqualTo(expected);
    }

    private RecordingClient member(URI base, int i) throws Exception {
        RecordingClient c = RecordingClient.connect(base + "/room", Map.of("X-User", List.of("m" + i)));
        closing.add(c);
        return c;
    }
}
