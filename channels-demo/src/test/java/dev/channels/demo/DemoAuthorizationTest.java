package dev.channels.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.server.standalone.StandaloneServer;
import dev.channels.testkit.RecordingClient;
import jakarta.websocket.CloseReason;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The demo's rule over real sockets: private-* rooms need a demo token; everything else stays open. */
class DemoAuthorizationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private StandaloneServer running;
    private final List<RecordingClient> clients = new java.util.ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (RecordingClient c : clients) {
            c.close();
            c.closed().get(20, TimeUnit.SECONDS);
        }
        if (running != null) {
            running.close();
        }
    }

    private RecordingClient connect(String channelAndQuery) throws Exception {
        RecordingClient c = RecordingClient.connect("ws://localhost:" + running.port() + "/ws/" + channelAndQuery, Map.of());
        clients.add(c);
        return c;
    }

    @Test
    void privateRoomsRefuseAnonymousUsersAndDisplayNamesAndAdmitADemoToken() throws Exception {
        running = StandaloneServer.start(DemoApp.create(DemoApp.options("/ws")), 0);
        for (String query : List.of("private-1", "private-1?name=Ann")) {
            CloseReason refused = connect(query).closed().get(20, TimeUnit.SECONDS);
            assertThat(refused.getCloseCode().getCode()).as(query).isEqualTo(1008);
            assertThat(refused.getReasonPhrase()).as(query).startsWith("forbidden:");
        }
        RecordingClient open = connect("lobby?name=Ann");
        assertThat(((Message) EnvelopeCodec.decode(open.next(WAIT))).type()).isEqualTo(MessageTypes.JOIN_SUCCESS);

        RecordingClient alice = connect("private-1?token=" + DemoApp.devToken("alice"));
        assertThat(((Message) EnvelopeCodec.decode(alice.next(WAIT))).type()).isEqualTo(MessageTypes.JOIN_SUCCESS);
        alice.send(EnvelopeCodec.encode(Message.create("chat", "private-1").withRawBody("{\"text\":\"hi\"}")));
        Message chat;
        do {
            chat = (Message) EnvelopeCodec.decode(alice.next(WAIT));
        } while (!chat.type().equals("chat"));
        assertThat(chat.userId()).isEqualTo("alice");
    }
}
