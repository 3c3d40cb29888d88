package dev.channels.server;

import static dev.channels.server.ServerFixture.error;
import static dev.channels.server.ServerFixture.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.api.Envelope;
import dev.channels.api.ErrorMessage;
import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.testkit.RecordingClient;
import jakarta.websocket.CloseReason;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Authorization over real sockets (docs/protocol.md "Authorization"): the authorizer's join, publish,
 * presence decisions and the server's userId stamping, with identities a handshake check admits
 * from headers {@code X-User} and {@code X-Roles} (space-separated).
 */
class AuthorizationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @AutoClose
    private ServerFixture fx;

    /** The messages handlers saw, as they saw them. */
    private final ConcurrentLinkedQueue<Message> handled = new ConcurrentLinkedQueue<>();

    private static final HandshakeCheck USERS = HandshakeCheck.admitting(h -> {
        String user = h.header("X-User").orElse("");
        String[] roles = h.header("X-Roles").map(r -> r.split(" ")).orElse(new String[0]);
        return user.isEmpty() ? HandshakeDecision.accept() : HandshakeDecision.acceptAs(Identity.of(user, roles));
    });

    private void start(ChannelAuthorizer authorizer) throws Exception {
        fx = new ServerFixture(ChannelServer.builder()
                .handshakeCheck(USERS)
                .authorizer(authorizer)
                .channelHandler("chat", (ctx, msg) -> {
                    handled.add(msg);
                    return Optional.of(msg.newFrom("chat").withBody(msg.body()));
                })
                .channelHandler("chat.delete", (ctx, msg) -> {
                    handled.add(msg);
                    return Optional.of(msg.newFrom("chat.deleted"));
                }));
    }

    private RecordingClient connect(String channel, String user, String... roles) throws Exception {
        Map<String, List<String>> headers = new java.util.HashMap<>();
        if (user != null) {
            headers.put("X-User", List.of(user));
        }
        if (roles.length > 0) {
            headers.put("X-Roles", List.of(String.join(" ", roles)));
        }
        return fx.connect(channel, headers);
    }

    private ServerFixture.Joined join(String channel, String user, String... roles) throws Exception {
        RecordingClient c = connect(channel, user, roles);
        Message join = message(c.next(WAIT));
        assertThat(join.type()).isEqualTo(MessageTypes.JOIN_SUCCESS);
        return new ServerFixture.Joined(c, join.clientId(), join);
    }

    private static Envelope next(RecordingClient c) throws InterruptedException {
        return EnvelopeCodec.decode(c.next(WAIT));
    }

    @Test
    void joinIsRefusedOrAdmittedByRoleAndTheRefusedConnectionIsNeverRegistered() throws Exception {
        start(ChannelRules.builder().on("admin-*").anyRole("admin").build());
        RecordingClient refused = connect("admin-ops", "bob", "user");
        CloseReason reason = refused.closed().get(20, TimeUnit.SECONDS);
        assertThat(reason.getCloseCode().getCode()).isEqualTo(1008);
        assertThat(reason.getReasonPhrase()).startsWith("forbidden:").contains("admin");
        assertThat(refused.drain()).isEmpty();
        RecordingClient anonymous = connect("admin-ops", null);
        assertThat(anonymous.closed().get(20, TimeUnit.SECONDS).getCloseCode().getCode()).isEqualTo(1008);

        join("admin-ops", "alice", "admin");
        join("lobby", null); // no rule: open
        assertThat(fx.server.members("admin-ops")).hasSize(1);
        assertThat(fx.server.connectionCount()).isEqualTo(2);
    }

    @Test
    void aPublishOfADeniedTypeGets403AndIsNotHandledWhileOtherTypesAre() throws Exception {
        start(ChannelRules.builder().on("room-*").publish("chat.delete").anyRole("moderator").build());
        ServerFixture.Joined bob = join("room-1", "bob");
        bob.client().send(EnvelopeCodec.encode(Message.create("chat.delete", "room-1").withCorrelationId("d1")));
        ErrorMessage denied = error(bob.client().next(WAIT));
        assertThat(denied.originType()).isEqualTo("chat.delete");
        assertThat(denied.correlationId()).isEqualTo("d1");
        assertThat(denied.detail().orElseThrow().errCode()).isEqualTo("403");
        assertThat(denied.detail().orElseThrow().description()).contains("moderator");

        bob.client().send(EnvelopeCodec.encode(Message.create("chat", "room-1").withRawBody("\"hi\"")));
        assertThat(message(bob.client().next(WAIT)).type()).isEqualTo("chat");
        assertThat(handled).extracting(Message::type).containsExactly("chat");

        ServerFixture.Joined mod = join("room-1", "maria", "moderator");
        mod.client().send(EnvelopeCodec.encode(Message.create("chat.delete", "room-1")));
        assertThat(message(mod.client().next(WAIT)).type()).isEqualTo("chat.deleted");
        assertThat(handled).extracting(Message::type).containsExactly("chat", "chat.delete");
    }

    @Test
    void getInfoDeniedGets403AndNoMemberList() throws Exception {
        start(ChannelRules.builder().on("*").presence().authenticated().build());
        ServerFixture.Joined anon = join("room", null);
        anon.client().send(EnvelopeCodec.encode(Message.create(MessageTypes.GET_INFO, "room").withCorrelationId("q")));
        ErrorMessage denied = error(anon.client().next(WAIT));
        assertThat(denied.originType()).isEqualTo(MessageTypes.GET_INFO);
        assertThat(denied.detail().orElseThrow().errCode()).isEqualTo("403");
        ServerFixture.Joined alice = join("room", "alice");
        alice.client().send(EnvelopeCodec.encode(Message.create(MessageTypes.GET_INFO, "room").withCorrelationId("q")));
        Envelope info = next(alice.client());
        assertThat(info).isInstanceOf(Message.class);
        assertThat(((Message) info).type()).isEqualTo(MessageTypes.INFO);
    }

    @Test
    void getHistoryDeniedGets403AndAMemberWithTheRoleGetsThePage() throws Exception {
        fx = new ServerFixture(ChannelServer.builder()
                .options(ServerOptions.builder().historySize(10).build())
                .handshakeCheck(USERS)
                .authorizer(ChannelRules.builder().on("*").history().anyRole("reader").build())
                .channelHandler("chat", (ctx, msg) -> Optional.of(msg.newFrom("chat").withBody(msg.body()))));
        ServerFixture.Joined bob = join("room", "bob");
        bob.client().send(EnvelopeCodec.encode(Message.create("chat", "room").withRawBody("\"kept\"")));
        assertThat(message(bob.client().next(WAIT)).type()).isEqualTo("chat");
        bob.client().send(EnvelopeCodec.encode(Message.create(MessageTypes.GET_HISTORY, "room").withCorrelationId("h")));
        ErrorMessage denied = error(bob.client().next(WAIT));
        assertThat(denied.originType()).isEqualTo(MessageTypes.GET_HISTORY);
        assertThat(denied.detail().orElseThrow().errCode()).isEqualTo("403");

        ServerFixture.Joined ann = join("room", "ann", "reader");
        ann.client().send(EnvelopeCodec.encode(Message.create(MessageTypes.GET_HISTORY, "room").withCorrelationId("h")));
        Message page = message(ann.client().next(WAIT));
        assertThat(page.type()).isEqualTo(MessageTypes.HISTORY);
        assertThat(page.correlationId()).isEqualTo("h");
        assertThat(page.rawBody()).contains("kept");
    }

    @Test
    void theServerStampsTheIdentityOverAForgedUserIdAndAnonymousGetsEmpty() throws Exception {
        start(ChannelAuthorizer.ALLOW_ALL);
        ServerFixture.Joined alice = join("room", "alice");
        ServerFixture.Joined anon = join("room", null);
        String forged = EnvelopeCodec.encode(Message.builder().id("m1").type("chat").channelId("room")
                .userId("root").body(jakarta.json.Json.createValue("x")).build());
        alice.client().send(forged);
        assertThat(message(alice.client().next(WAIT)).userId()).isEqualTo("alice");
        assertThat(message(anon.client().next(WAIT)).userId()).as("what the other member receives").isEqualTo("alice");
        anon.client().send(forged);
        assertThat(message(anon.client().next(WAIT)).userId()).isEmpty();
        assertThat(message(alice.client().next(WAIT)).userId()).isEmpty();
        assertThat(handled).extracting(Message::userId).containsExactly("alice", "");
    }

    @Test
    void anAuthorizerThatThrowsDeniesAndTheConnectionStaysOpen() throws Exception {
        start(request -> {
            if (request.operation().kind() == ChannelOperation.Kind.PUBLISH) {
                throw new IllegalStateException("boom");
            }
            return AuthorizationDecision.allow();
        });
        ServerFixture.Joined c = join("room", "alice");
        try (dev.channels.testkit.LogCapture log = dev.channels.testkit.LogCapture.root(
                dev.channels.testkit.LogCapture.atLeast(java.util.logging.Level.WARNING))) {
            for (int i = 0; i < 3; i++) {
                c.client().send(EnvelopeCodec.encode(Message.create("chat", "room")));
                assertThat(error(c.client().next(WAIT)).detail().orElseThrow().errCode()).isEqualTo("403");
            }
            assertThat(log.records()).as("one WARNING, not one per frame").hasSize(1);
        }
        assertThat(handled).isEmpty();
        assertThat(c.client().isOpen()).isTrue();
    }

    @Test
    void theAuthorizerSeesIdentityChannelAndOperation() throws Exception {
        ConcurrentLinkedQueue<AuthorizationRequest> asked = new ConcurrentLinkedQueue<>();
        start(request -> {
            asked.add(request);
            return AuthorizationDecision.allow();
        });
        ServerFixture.Joined c = join("room", "alice", "a", "b");
        c.client().send(EnvelopeCodec.encode(Message.create("chat", "room")));
        message(c.client().next(WAIT));
        assertThat(asked).containsExactly(
                new AuthorizationRequest(Identity.of("alice", "a", "b"), "room", ChannelOperation.JOIN, false),
                new AuthorizationRequest(Identity.of("alice", "a", "b"), "room", ChannelOperation.publish("chat"), true));
        assertThat(Arrays.asList(ChannelOperation.Kind.values())).hasSize(4);
    }
}
