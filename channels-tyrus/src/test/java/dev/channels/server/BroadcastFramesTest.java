package dev.channels.server;

import static dev.channels.server.ServerFixture.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.api.ChannelHeaders;
import dev.channels.api.Message;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.testkit.RecordingClient;
import dev.channels.testkit.TyrusTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Broadcasts as members see them, on both send paths of a Tyrus server: on the standalone runner,
 * encoded once and the same frame bytes handed to every member; on Tyrus's own container (as in an
 * application server: no raw frame writers), the portable per-member {@code sendText}.
 */
class BroadcastFramesTest {

    private static final int MEMBERS = 20;
    private static final int MESSAGES = 1_000;

    private ServerFixture fx;

    @AfterEach
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void aThousandBroadcastsReachEveryMemberIntactAndInOrderThroughOneSharedFrame() throws Exception {
        fx = new ServerFixture(ChannelServer.builder()
                .options(ServerOptions.builder().historySize(MESSAGES).historyTtl(Duration.ofMinutes(5)).build()));
        List<ServerFixture.Joined> members = joinAll();
        assertThat(fx.server.rawFrameConnections()).as("members on the raw frame path").isEqualTo(MEMBERS);

        broadcastAndCheck(fx.server, members, true);
    }

    @Test
    void withoutRawFrameWritersEveryMemberStillGetsEveryBroadcastInOrder() throws Exception {
        ChannelServer server = ChannelServer.builder()
                .options(ServerOptions.builder().historySize(MESSAGES).historyTtl(Duration.ofMinutes(5)).build()).build();
        List<ServerFixture.Joined> members = new ArrayList<>();
        try (TyrusTestServer container = TyrusTestServer.start(server.endpointConfig())) {
            for (int i = 0; i < MEMBERS; i++) {
                RecordingClient client = RecordingClient.connect(container.uri(server.options().basePath() + "/room"));
                Message join = message(client.next());
                members.add(new ServerFixture.Joined(client, join.clientId(), join));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> server.connectionCount() == MEMBERS);
            assertThat(server.rawFrameConnections()).isZero();

            broadcastAndCheck(server, members, true);
        } finally {
            server.close();
            for (ServerFixture.Joined m : members) {
                m.client().close();
            }
        }
    }

    @Test
    void withoutHistoryTheBroadcastIsTheSameFrameForAll() throws Exception {
        fx = new ServerFixture(ChannelServer.builder());
        List<ServerFixture.Joined> members = joinAll();
        assertThat(fx.server.rawFrameConnections()).isEqualTo(MEMBERS);

        broadcastAndCheck(fx.server, members, false);
    }

    /**
     * A replay hands out the very frame the live broadcast made for that stream position (made once,
     * not decoded and encoded again per joiner): each recovering member gets every message byte for
     * byte as a live member got it, with its offset and epoch.
     */
    @Test
    void aReplayIsByteForByteTheFrameTheLiveMembersGot() throws Exception {
        int messages = 200;
        fx = new ServerFixture(ChannelServer.builder()
                .options(ServerOptions.builder().historySize(messages).historyTtl(Duration.ofMinutes(5)).build()));
        ServerFixture.Joined live = fx.join("room");
        String epoch = live.joinSuccess().header(ChannelHeaders.CHANNEL_EPOCH).orElseThrow();
        List<String> liveFrames = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            fx.server.broadcast("room", Message.create("news", "room").withRawBody(body(i)));
            liveFrames.add(live.client().next(Duration.ofSeconds(30)));
        }
        for (int r = 0; r < 3; r++) {
            try (RecordingClient rejoiner = RecordingClient.connect(fx.uri("room") + "?since=0&epoch=" + epoch)) {
                assertThat(message(rejoiner.next(Duration.ofSeconds(30))).header(ChannelHeaders.CHANNEL_RECOVERED)).hasValue("true");
                for (int i = 0; i < messages; i++) {
                    assertThat(rejoiner.next(Duration.ofSeconds(30))).as("replayed message " + i).isEqualTo(liveFrames.get(i));
                }
            }
        }
        assertThat(message(liveFrames.get(messages - 1)).header(ChannelHeaders.CHANNEL_OFFSET)).hasValue(Long.toString(messages));
    }

    private List<ServerFixture.Joined> joinAll() throws Exception {
        List<ServerFixture.Joined> members = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            members.add(fx.join("room"));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> fx.server.connectionCount() == MEMBERS);
        return members;
    }

    /** A body with every UTF-8 width and, now and then, one past 125 and 65,535 bytes (each frame length form). */
    private static String body(int i) {
        String text = i % 250 == 7 ? "z".repeat(70_000)
                : i % 50 == 3 ? "é€😀".repeat(40)
                : "n" + i + " é€😀";
        return "{\"n\":" + i + ",\"text\":\"" + text + "\"}";
    }

    private static void broadcastAndCheck(ChannelServer server, List<ServerFixture.Joined> members, boolean numbered)
            throws Exception {
        for (int i = 0; i < MESSAGES; i++) {
            assertThat(server.broadcast("room", Message.create("news", "room").withRawBody(body(i))))
                    .isEqualTo(MEMBERS);
        }
        for (ServerFixture.Joined member : members) {
            for (int i = 0; i < MESSAGES; i++) {
                Message m = message(member.client().next(Duration.ofSeconds(30)));
                assertThat(m.type()).isEqualTo("news");
                assertThat(m.rawBody()).as("body of message " + i)
                        .isEqualTo(message(EnvelopeCodec.encode(Message.create("news").withRawBody(body(i)))).rawBody());
                if (numbered) {
                    assertThat(m.header(ChannelHeaders.CHANNEL_OFFSET)).hasValue(Long.toString(i + 1));
                }
            }
            assertThat(member.client().isOpen()).isTrue();
        }
    }
}
