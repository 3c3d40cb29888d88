package dev.channels.it;

import dev.channels.api.Envelope;
import dev.channels.api.ErrorMessage;
import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.api.Request;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.client.ChannelPresence;
import dev.channels.client.JoinException;
import dev.channels.client.JoinedChannel;
import dev.channels.it.secured.SampleUsers;
import dev.channels.it.secured.SecuredHandlers;
import dev.channels.it.support.DeploymentUrls;
import dev.channels.it.support.RecordingChannelClient;
import dev.channels.it.support.SampleDeployment;
import dev.channels.it.support.SecuredDeployment;
import dev.channels.it.support.SuiteRedis;
import dev.channels.it.support.WebSocketTestClient;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The secured sample ({@code dev.channels.it.secured}, {@link SecuredDeployment}) in a real server: the
 * container authenticates the WebSocket handshake with HTTP BASIC (Jakarta Security, the application's
 * identity store), and the library takes the principal and its container roles from there: the
 * principal's name is stamped into {@code userId}, the channel rules (a {@code ChannelAuthorizer} bean)
 * and {@code @RolesAllowed} on an observer decide with the container's roles.
 *
 * <p>Users: alice (role {@code member}) and bob (no role). One deployment, a handful of connections.
 * The deployment does not depend on the engine, so it runs in the in-memory execution only.
 */
@ExtendWith(ArquillianExtension.class)
@DisabledIfSystemProperty(named = SuiteRedis.ENGINE_PROPERTY, matches = "redis")
class SecuredApplicationIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @ArquillianResource
    private URL reportedBaseUrl;

    private URL baseUrl;
    private String testName;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return SecuredDeployment.create();
    }

    @BeforeEach
    void stayOnLoopback(TestInfo info) {
        baseUrl = DeploymentUrls.onLoopback(reportedBaseUrl);
        testName = info.getTestMethod().map(m -> m.getName()).orElse("test");
    }

    @Test
    void theUserIdIsThePrincipalAndRolesAllowedOnAnObserverAdmitsOnlyMembers() throws Exception {
        String room = "room-" + testName.hashCode();
        try (RecordingChannelClient alice = RecordingChannelClient.recording(SecuredHandlers.CHAT);
             RecordingChannelClient bob = RecordingChannelClient.recording(SecuredHandlers.CHAT)) {
            JoinedChannel aliceInRoom = alice.join(base(), room, basicAuth(SampleUsers.ALICE));
            JoinedChannel bobInRoom = bob.join(base(), room, basicAuth(SampleUsers.BOB));

            // the client writes no userId (""): the server stamps the principal's name into what it relays
            alice.client().publish(Request.of(room, SecuredHandlers.CHAT, "hello"));
            for (RecordingChannelClient member : List.of(alice, bob)) {
                Message chat = member.nextMessage(WAIT);
                assertThat(chat.userId()).isEqualTo(SampleUsers.ALICE);
                assertThat(chat.clientId()).isEqualTo(aliceInRoom.clientId());
            }
            ChannelPresence presence = bobInRoom.presence();
            assertThat(presence.members()).extracting(ChannelPresence.Member::userId)
                    .containsExactlyInAnyOrder(SampleUsers.ALICE, SampleUsers.BOB);

            // @RolesAllowed("member") on the observer: alice (member) is answered ...
            Message posted = alice.client().request(Request.of(room, SecuredHandlers.POST, "first"), WAIT);
            assertThat(posted.type()).isEqualTo(SecuredHandlers.POSTED);
            assertThat(posted.bind(String.class)).isEqualTo("first");
            assertThat(posted.userId()).isEqualTo(SampleUsers.ALICE);

            // ... bob (no role) gets 403 and the observer does not run; his connection stays usable
            bob.client().publish(Request.of(room, SecuredHandlers.POST, "mine"));
            ErrorMessage refused = bob.nextError(WAIT);
            assertThat(refused.originType()).isEqualTo(SecuredHandlers.POST);
            assertThat(refused.userId()).isEqualTo(SampleUsers.BOB);
            assertThat(refused.detail()).hasValueSatisfying(d -> assertThat(d.errCode()).isEqualTo("403"));
            bob.client().publish(Request.of(room, SecuredHandlers.CHAT, "still here"));
            assertThat(bob.nextMessage(WAIT).userId()).isEqualTo(SampleUsers.BOB);
        }
    }

    @Test
    void aRoleRuleAdmitsAMemberAndRefusesAUserWithoutTheRole() throws Exception {
        String members = "members-" + testName.hashCode();
        // channel connections: their join is the handshake, refused after the upgrade with 1008 (a session's
        // channel.join gets an error 403 instead: anAuthenticatedSessionJoinsWithChannelJoinAndItsUserIdIsStamped)
        try (RecordingChannelClient alice = RecordingChannelClient.recordingOnChannelConnections(SecuredHandlers.CHAT);
             RecordingChannelClient bob = RecordingChannelClient.recordingOnChannelConnections(SecuredHandlers.CHAT)) {
            alice.join(base(), members, basicAuth(SampleUsers.ALICE));

            // authenticated by the container, refused by the rule members-* -> role member: closed 1008
            JoinException refused = catchThrowableOfType(
                    () -> bob.join(base(), members, basicAuth(SampleUsers.BOB)), JoinException.class);
            assertThat(refused).as("bob's join of %s", members).isNotNull();
            assertThat(refused.reason()).isEqualTo(JoinException.Reason.REFUSED);
            assertThat(refused).hasMessageContaining("1008 forbidden");

            alice.client().publish(Request.of(members, SecuredHandlers.CHAT, "members only"));
            assertThat(alice.nextMessage(WAIT).userId()).isEqualTo(SampleUsers.ALICE);
        }
    }

    @Test
    void anonymousUsersAreRefusedByTheContainerAndByTheRules() throws Exception {
        // channel connections: this deployment leaves one channel path open under a protected {base}, so a
        // session (at {base}) would meet the container's 401 for every channel
        try (RecordingChannelClient anonymous = RecordingChannelClient.recordingOnChannelConnections()) {
            // a protected path: the container answers the handshake 401 (read off the wire: the Tyrus client
            // sometimes loses the status of a 401, with a NullPointerException of its own, "upgradeRequest" is null)
            URI protectedChannel = URI.create(base() + "/room-" + testName.hashCode());
            assertThat(handshakeStatus(protectedChannel)).isEqualTo(401);
            JoinException unauthenticated = catchThrowableOfType(
                    () -> anonymous.join(base(), "room-" + testName.hashCode()), JoinException.class);
            assertThat(unauthenticated).isNotNull();
            assertThat(unauthenticated.reason()).as("%s", causes(unauthenticated)).isEqualTo(JoinException.Reason.REFUSED);

            // an open path: the container lets the handshake through, the rule private-* -> authenticated closes it 1008
            JoinException forbidden = catchThrowableOfType(
                    () -> anonymous.join(base(), SecuredDeployment.OPEN_CHANNEL), JoinException.class);
            assertThat(forbidden).isNotNull();
            assertThat(forbidden.reason()).isEqualTo(JoinException.Reason.REFUSED);
            assertThat(forbidden).hasMessageContaining("1008 forbidden");
        }
    }

    @Test
    void anAuthenticatedSessionJoinsWithChannelJoinAndItsUserIdIsStamped() throws Exception {
        String members = "members-" + testName.hashCode();
        // a session: {base} itself (/rooms, under the same security constraint), one connection for many channels
        try (WebSocketTestClient alice = WebSocketTestClient.connect(base(), basicAuth(SampleUsers.ALICE));
             WebSocketTestClient bob = WebSocketTestClient.connect(base(), basicAuth(SampleUsers.BOB))) {
            assertThat(message(alice.nextText(WAIT)).type()).isEqualTo(MessageTypes.SESSION_READY);
            assertThat(message(bob.nextText(WAIT)).type()).isEqualTo(MessageTypes.SESSION_READY);

            alice.send(EnvelopeCodec.encode(Message.create(MessageTypes.CHANNEL_JOIN, members).withCorrelationId("j1")));
            Message joined = message(alice.nextText(WAIT));
            assertThat(joined.type()).isEqualTo(MessageTypes.JOIN_SUCCESS);
            assertThat(joined.channelId()).isEqualTo(members);
            assertThat(joined.correlationId()).isEqualTo("j1");

            // whatever the client writes into userId, the server stamps the principal's name
            alice.send(EnvelopeCodec.encode(Message.create(SecuredHandlers.CHAT, members).withUserId("mallory")
                    .withBody("from a session")));
            Message chat = message(alice.nextText(WAIT));
            assertThat(chat.type()).isEqualTo(SecuredHandlers.CHAT);
            assertThat(chat.channelId()).isEqualTo(members);
            assertThat(chat.userId()).isEqualTo(SampleUsers.ALICE);

            // the role rule refuses bob's channel.join with 403; his session stays open
            bob.send(EnvelopeCodec.encode(Message.create(MessageTypes.CHANNEL_JOIN, members).withCorrelationId("j2")));
            ErrorMessage refused = (ErrorMessage) EnvelopeCodec.decode(bob.nextText(WAIT));
            assertThat(refused.originType()).isEqualTo(MessageTypes.CHANNEL_JOIN);
            assertThat(refused.correlationId()).isEqualTo("j2");
            assertThat(refused.detail()).hasValueSatisfying(d -> assertThat(d.errCode()).isEqualTo("403"));
            assertThat(bob.isOpen()).isTrue();
        }
    }

    private static Message message(String frame) {
        Envelope envelope = EnvelopeCodec.decode(frame);
        assertThat(envelope).as(frame).isInstanceOf(Message.class);
        return (Message) envelope;
    }

    private URI base() {
        return DeploymentUrls.webSocket(baseUrl, SampleDeployment.BASE_PATH);
    }

    /** The status of an anonymous WebSocket handshake with {@code uri}, over a plain socket. */
    private static int handshakeStatus(URI uri) throws IOException {
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout((int) WAIT.toMillis());
            String request = "GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13"
                    + "\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertThat(statusLine).as("status line").isNotNull().startsWith("HTTP/1.1 ");
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    private static String causes(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (; t != null; t = t.getCause()) {
            b.append(" <- ").append(t);
        }
        return b.toString();
    }

    private static Map<String, List<String>> basicAuth(String user) {
        String token = Base64.getEncoder().encodeToString(
                (user + ":" + SampleUsers.password(user)).getBytes(StandardCharsets.UTF_8));
        return Map.of("Authorization", List.of("Basic " + token));
    }
}
