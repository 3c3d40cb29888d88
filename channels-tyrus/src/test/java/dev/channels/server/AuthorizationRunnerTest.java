package dev.channels.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.api.Envelope;
import dev.channels.api.ErrorMessage;
import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.testing.TestRunner;
import dev.channels.testkit.RecordingClient;
import jakarta.websocket.CloseReason;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Authorization on the runner under test (the shared suite: Tyrus here, Jetty in channels-jetty-tests):
 * a join the authorizer denies is closed with 1008 after the upgrade and leaves nothing behind; a
 * denied publication gets 403 and the connection stays usable; userId is stamped over a forged one.
 */
class AuthorizationRunnerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private TestRunner.Running running;
    private final List<RecordingClient> clients = new java.util.ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (RecordingClient c : clients) {
            c.close();
        }
        if (running != null) {
            running.close();
        }
    }

    private RecordingClient connect(String channel, String user) throws Exception {
        RecordingClient c = RecordingClient.connect(running.channelUri(channel).toString(),
                user == null ? Map.of() : Map.of("X-User", List.of(user)));
        clients.add(c);
        return c;
    }

    private static Envelope next(RecordingClient c) throws InterruptedException {
        return EnvelopeCodec.decode(c.next(WAIT));
    }

    @Test
    void deniedJoinIsClosed1008DeniedPublishGets403AndUserIdIsStamped() throws Exception {
        ChannelServer server = ChannelServer.builder()
                .handshakeCheck(HandshakeCheck.admitting(h -> h.header("X-User")
                        .map(u -> HandshakeDecision.acceptAs(Identity.of(u, u.equals("ada") ? new String[] {"admin"} : new String[0])))
                        .orElse(HandshakeDecision.accept())))
                .authorizer(ChannelRules.builder()
                        .on("private-*").authenticated()
                        .on("*").publish("shout").anyRole("admin")
                        .build())
                .channelHandler("shout", (ctx, msg) -> Optional.of(msg.newFrom("shout").withBody(msg.body())))
                .build();
        running = TestRunner.current().start(server, 0);

        CloseReason refused = connect("private-1", null).closed().get(20, TimeUnit.SECONDS);
        assertThat(refused.getCloseCode().getCode()).isEqualTo(1008);
        assertThat(refused.getReasonPhrase()).startsWith("forbidden:");

        RecordingClient bob = connect("private-1", "bob");
        assertThat(((Message) next(bob)).type()).isEqualTo(MessageTypes.JOIN_SUCCESS);
        assertThat(server.connectionCount()).as("the refused connection was never registered").isEqualTo(1);
        String forged = EnvelopeCodec.encode(Message.builder().id("m").type("shout").channelId("private-1").userId("ada").build());
        bob.send(forged);
        ErrorMessage denied = (ErrorMessage) next(bob);
        assertThat(denied.detail()).hasValueSatisfying(d -> assertThat(d.errCode()).isEqualTo("403"));
        assertThat(denied.userId()).as("the error carries the stamped name, not the forged one").isEqualTo("bob");

        RecordingClient ada = connect("private-1", "ada");
        assertThat(((Message) next(ada)).type()).isEqualTo(MessageTypes.JOIN_SUCCESS);
        ada.send(forged.replace("\"ada\"", "\"root\""));
        assertThat(((Message) next(ada)).userId()).isEqualTo("ada");
        assertThat(((Message) next(bob)).userId()).as("bob, still connected, receives ada's shout").isEqualTo("ada");
    }
}
