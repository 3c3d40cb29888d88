package dev.channels.it;

import dev.channels.api.ErrorDetail;
import dev.channels.api.ErrorMessage;
import dev.channels.api.Envelope;
import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.api.Request;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.client.ChannelState;
import dev.channels.client.JoinedChannel;
import dev.channels.it.app.ChannelsResource;
import dev.channels.it.app.Identity;
import dev.channels.it.app.RoomHandlers;
import dev.channels.it.app.SampleSettings;
import dev.channels.it.app.StampingInterceptor;
import dev.channels.it.support.DeploymentUrls;
import dev.channels.it.support.LibraryArchives;
import dev.channels.it.support.RecordingChannelClient;
import dev.channels.it.support.SampleDeployment;
import dev.channels.it.support.WebSocketTestClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.websocket.CloseReason;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample application ({@code dev.channels.it.app}) in a real, managed application server (which
 * one is decided by the container module that runs this class), driven from the test JVM over real
 * sockets the way users drive it: this project's {@code ChannelClient} for WebSocket, plain HTTP for
 * the Jakarta REST resource, and a raw WebSocket client only for frames a well-behaved client never sends.
 *
 * <p>One deployment for the whole class, because Payara Micro starts one server process per
 * deployment. Every test uses channels of its own, so the order of tests does not matter.
 */
@ExtendWith(ArquillianExtension.class)
class SampleApplicationIT {

    private static final System.Logger LOG = System.getLogger(SampleApplicationIT.class.getName());
    private static final Duration WAIT = Duration.ofSeconds(20);

    @ArquillianResource
    private URL reportedBaseUrl;

    private URL baseUrl;
    private String testName;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return SampleDeployment.create();
    }

    @BeforeEach
    void stayOnLoopback(TestInfo info) {
        baseUrl = DeploymentUrls.onLoopback(reportedBaseUrl);
        testName = info.getTestMethod().map(m -> m.getName()).orElse("test");
    }

    @Test
    void chatReachesEveryMemberAndEchoOnlyTheSender() throws Exception {
        String room = channel();
        try (RecordingChannelClient alice = RecordingChannelClient.recording(RoomHandlers.CHAT);
             RecordingChannelClient bob = RecordingChannelClient.recording(RoomHandlers.CHAT, RoomHandlers.ECHO)) {
            JoinedChannel aliceInRoom = alice.join(base(), room);
            bob.join(base(), room);

            alice.client().publish(Request.of(room, RoomHandlers.CHAT, Map.of("text", "hello all")));
            Message toAlice = alice.nextMessage(WAIT);
            Message toBob = bob.nextMessage(WAIT);

            for (Message chat : List.of(toAlice, toBob)) {
                assertThat(chat.type()).isEqualTo(RoomHandlers.CHAT);
                assertThat(chat.channelId()).isEqualTo(room);
                assertThat(chat.clientId()).isEqualTo(aliceInRoom.clientId());
                assertThat(chat.bind(Map.class)).containsEntry("text", "hello all");
                assertThat(chat.header(StampingInterceptor.HEADER)).contains(RoomHandlers.CHAT);
            }

            Message echo = alice.client().request(Request.of(room, RoomHandlers.ECHO, Map.of("text", "just me")), WAIT);
            assertThat(echo.type()).isEqualTo(RoomHandlers.ECHO);
            assertThat(echo.bind(Map.class)).containsEntry("text", "just me");
            assertThat(echo.header(StampingInterceptor.HEADER)).contains(RoomHandlers.ECHO);

            // Alice's next chat is handled after her echo on her connection's thread: had the echo
            // gone to Bob, it would reach him before this chat.
            alice.client().publish(Request.of(room, RoomHandlers.CHAT, Map.of("text", "after echo")));
            List<Message> bobSaw = bob.messagesUntil(m -> m.type().equals(RoomHandlers.CHAT), WAIT);
            assertThat(bobSaw).extracting(Message::type).containsExactly(RoomHandlers.CHAT);
            assertThat(bobSaw.get(0).bind(Map.class)).containsEntry("text", "after echo");
        }
    }

    @Test
    void failingHandlerAnswersOnlyTheSenderWithAnErrorEnvelopeAndTheConnectionLives() throws Exception {
        String room = channel();
        try (RecordingChannelClient alice = RecordingChannelClient.recording(RoomHandlers.CHAT);
             RecordingChannelClient bob = RecordingChannelClient.recording(RoomHandlers.CHAT)) {
            alice.join(base(), room);
            bob.join(base(), room);

            alice.client().publish(new Request(room, RoomHandlers.EXPLODE, Map.of("fuse", "short"), Map.of()));
            ErrorMessage error = alice.nextError(WAIT);

            assertThat(error.type()).isEqualTo(MessageTypes.ERROR);
            assertThat(error.originType()).isEqualTo(RoomHandlers.EXPLODE);
            assertThat(error.channelId()).isEqualTo(room);
            assertThat(error.bindOriginBody(Map.class)).containsEntry("fuse", "short");
            ErrorDetail detail = error.detail().orElseThrow();
            assertThat(detail.errCode()).isEqualTo("500");

            alice.client().publish(Request.of(room, RoomHandlers.CHAT, "still here"));
            assertThat(alice.nextMessage(WAIT).bind(String.class)).isEqualTo("still here");
            assertThat(bob.nextMessage(WAIT).bind(String.class)).isEqualTo("still here");
            assertThat(bob.nothingPending()).as("Bob got no error envelope").isTrue();
        }
    }

    @Test
    void restBroadcastReachesEveryMember() throws Exception {
        String room = channel();
        try (RecordingChannelClient alice = RecordingChannelClient.recording(ChannelsResource.ANNOUNCEMENT);
             RecordingChannelClient bob = RecordingChannelClient.recording(ChannelsResource.ANNOUNCEMENT)) {
            alice.join(base(), room);
            bob.join(base(), room);

            JsonObject answer = post(room, "broadcast", "{\"text\":\"server says hi\"}", 200);

            assertThat(answer.getInt("recipients")).isEqualTo(2);
            for (RecordingChannelClient member : List.of(alice, bob)) {
                Message announcement = member.nextMessage(WAIT);
                assertThat(announcement.type()).isEqualTo(ChannelsResource.ANNOUNCEMENT);
                assertThat(announcement.channelId()).isEqualTo(room);
                assertThat(announcement.bind(Map.class)).containsEntry("text", "server says hi");
            }
        }
        assertThat(post(channel(), "broadcast", "{}", 200).getInt("recipients")).isZero();
    }

    @Test
    void restBroadcastAndAwaitReturnsTheReplyOfAClientListener() throws Exception {
        String room = channel();
        try (RecordingChannelClient answerer = RecordingChannelClient.answering(ChannelsResource.QUESTION,
                (ctx, question) -> Optional.of(question.newFrom("answer")
                        .withBody(Map.of("answer", 42, "to", question.bind(Map.class).get("q")))));
             RecordingChannelClient listener = RecordingChannelClient.recording(ChannelsResource.QUESTION)) {
            JoinedChannel answering = answerer.join(base(), room);
            listener.join(base(), room);

            JsonObject reply = post(room, "ask", "{\"q\":\"meaning of life\"}", 200);

            assertThat(reply.getString("type")).isEqualTo("answer");
            assertThat(reply.getString("clientId")).isEqualTo(answering.clientId());
            assertThat(reply.getString("correlationId")).isEqualTo(reply.getString("questionCorrelationId"));
            assertThat(reply.getJsonObject("body").getInt("answer")).isEqualTo(42);
            assertThat(reply.getJsonObject("body").getString("to")).isEqualTo("meaning of life");
            Message question = listener.nextMessage(WAIT);
            assertThat(question.correlationId()).isEqualTo(reply.getString("correlationId"));
        }
        assertThat(post(channel(), "ask", "{}", 404).getString("error")).isNotBlank();
    }

    @Test
    void lifecycleObserversCountJoinsAndLeaves() throws Exception {
        String room = channel();
        assertThat(counts(room)).isEqualTo(Map.of("joins", 0, "leaves", 0, "created", 0, "closed", 0, "members", 0));

        RecordingChannelClient alice = RecordingChannelClient.recording();
        RecordingChannelClient bob = RecordingChannelClient.recording();
        try {
            alice.join(base(), room);
            bob.join(base(), room);
            await().atMost(WAIT).untilAsserted(() -> assertThat(counts(room))
                    .isEqualTo(Map.of("joins", 2, "leaves", 0, "created", 1, "closed", 0, "members", 2)));

            alice.close();
            await().atMost(WAIT).untilAsserted(() -> assertThat(counts(room))
                    .isEqualTo(Map.of("joins", 2, "leaves", 1, "created", 1, "closed", 0, "members", 1)));
        } finally {
            alice.close();
            bob.close();
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(counts(room))
                .isEqualTo(Map.of("joins", 2, "leaves", 2, "created", 1, "closed", 1, "members", 0)));
    }

    @Test
    void handshakeHeadersAndQueryParametersReachTheHandlers() throws Exception {
        String room = channel();
        try (RecordingChannelClient client = RecordingChannelClient.recording()) {
            JoinedChannel joined = client.client().join(base(), room,
                    Map.of(RoomHandlers.TEAM_HEADER, List.of("blue")), Map.of(RoomHandlers.NICK_PARAMETER, "ann"));

            Identity identity = client.client().request(Request.of(room, RoomHandlers.WHOAMI, null), WAIT)
                    .bind(Identity.class);

            assertThat(identity.getClientId()).isEqualTo(joined.clientId());
            assertThat(identity.getChannelId()).isEqualTo(room);
            assertThat(identity.getTeam()).isEqualTo("blue");
            assertThat(identity.getNick()).isEqualTo("ann");
            assertThat(identity.getPrincipal()).as("anonymous connection").isNull();
        }
    }

    @Test
    void concurrentHandshakesEachKeepTheirOwnHeaders() throws Exception {
        String room = channel();
        int clients = 8;
        List<RecordingChannelClient> members = new ArrayList<>();
        ExecutorService joiners = Executors.newFixedThreadPool(clients);
        try {
            List<Future<JoinedChannel>> joins = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                RecordingChannelClient member = RecordingChannelClient.recording();
                members.add(member);
                String team = "team-" + i;
                joins.add(joiners.submit(() -> member.client().join(base(), room,
                        Map.of(RoomHandlers.TEAM_HEADER, List.of(team)), Map.of(RoomHandlers.NICK_PARAMETER, team))));
            }
            for (int i = 0; i < clients; i++) {
                JoinedChannel joined = joins.get(i).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                Identity identity = members.get(i).client().request(Request.of(room, RoomHandlers.WHOAMI, null), WAIT)
                        .bind(Identity.class);

                assertThat(identity.getClientId()).isEqualTo(joined.clientId());
                assertThat(identity.getTeam()).as("header of connection %d", i).isEqualTo("team-" + i);
                assertThat(identity.getNick()).as("query parameter of connection %d", i).isEqualTo("team-" + i);
            }
        } finally {
            joiners.shutdownNow();
            members.forEach(RecordingChannelClient::close);
        }
    }

    @Test
    void everyMessageIsHandledInARequestContextOfItsOwn() throws Exception {
        String room = channel();
        try (RecordingChannelClient client = RecordingChannelClient.recording()) {
            client.join(base(), room);

            Identity first = client.client().request(Request.of(room, RoomHandlers.WHOAMI, null), WAIT).bind(Identity.class);
            Identity second = client.client().request(Request.of(room, RoomHandlers.WHOAMI, null), WAIT).bind(Identity.class);

            assertThat(first.getRequestBean()).isNotBlank();
            assertThat(second.getRequestBean()).isNotBlank().isNotEqualTo(first.getRequestBean());
        }
    }

    @Test
    void malformedFrameGetsA400ErrorEnvelopeAndTheConnectionStaysOpen() throws Exception {
        try (WebSocketTestClient raw = WebSocketTestClient.connect(DeploymentUrls.webSocket(baseUrl,
                SampleDeployment.BASE_PATH + "/" + channel()))) {
            assertThat(EnvelopeCodec.decodeMessage(raw.nextText(WAIT)).type()).isEqualTo(MessageTypes.JOIN_SUCCESS);

            raw.send("this is not JSON");
            Envelope reply = EnvelopeCodec.decode(raw.nextText(WAIT));

            assertThat(reply).isInstanceOf(ErrorMessage.class);
            assertThat(((ErrorMessage) reply).detail().orElseThrow().errCode()).isEqualTo("400");
            raw.send(EnvelopeCodec.encode(Message.create(RoomHandlers.ECHO).withBody("after")));
            Message echo = EnvelopeCodec.decodeMessage(raw.nextText(WAIT));
            assertThat(echo.type()).isEqualTo(RoomHandlers.ECHO);
            assertThat(echo.bind(String.class)).isEqualTo("after");
            assertThat(raw.isOpen()).isTrue();
        }
    }

    @Test
    void oversizedFrameClosesTheConnectionWith1009() throws Exception {
        String room = channel();
        try (WebSocketTestClient raw = WebSocketTestClient.connect(DeploymentUrls.webSocket(baseUrl,
                SampleDeployment.BASE_PATH + "/" + room))) {
            assertThat(EnvelopeCodec.decodeMessage(raw.nextText(WAIT)).type()).isEqualTo(MessageTypes.JOIN_SUCCESS);

            raw.sendExpectingClose(EnvelopeCodec.encode(Message.create(RoomHandlers.ECHO)
                    .withBody("x".repeat(SampleSettings.MAX_MESSAGE_BYTES + 1))), WAIT);

            CloseReason reason = raw.awaitClose(WAIT);
            LOG.log(System.Logger.Level.INFO, "oversized frame closed with {0} \"{1}\"",
                    reason.getCloseCode().getCode(), reason.getReasonPhrase());
            assertThat(reason.getCloseCode().getCode()).isEqualTo(CloseReason.CloseCodes.TOO_BIG.getCode());
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(counts(room)).containsEntry("leaves", 1));
    }

    @Test
    void answeringPingsKeepsAConnectionPastThePongWait() throws Exception {
        String room = channel();
        try (RecordingChannelClient client = RecordingChannelClient.recording()) {
            JoinedChannel joined = client.join(base(), room);

            Duration pastPongWait = SampleSettings.PONG_WAIT.plus(SampleSettings.PING_PERIOD.multipliedBy(2));
            Thread.sleep(pastPongWait.toMillis());

            assertThat(joined.state()).isEqualTo(ChannelState.OPEN);
            assertThat(counts(room)).containsEntry("leaves", 0).containsEntry("members", 1);
            Message echo = client.client().request(Request.of(room, RoomHandlers.ECHO, "alive"), WAIT);
            assertThat(echo.bind(String.class)).isEqualTo("alive");
        }
    }

    @Test
    void theChannelsJsWebJarInWebInfLibIsServedWithoutConfiguration() throws Exception {
        // the WAR has channels-js.jar in WEB-INF/lib and nothing else for it: no servlet, no web.xml
        // entry, no pom work; the container serves the jar's META-INF/resources/ (Servlet 3.0, 4.6)
        String version = LibraryArchives.webJarVersion(LibraryArchives.webJar(SampleDeployment.CHANNELS_JS),
                SampleDeployment.CHANNELS_JS);
        URI client = DeploymentUrls.http(baseUrl, "webjars/channels-js/" + version + "/index.js");
        HttpResponse<String> response = http().send(HttpRequest.newBuilder(client).timeout(WAIT).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as("GET %s", client).isEqualTo(200);
        // browsers run a module script only with a JavaScript MIME type
        assertThat(response.headers().firstValue("Content-Type")).as("Content-Type of %s", client)
                .hasValueSatisfying(type -> assertThat(type).contains("javascript"));
        assertThat(response.body()).as("the JS client").contains("export class ChannelClient").contains("rawJson");
    }

    private URI base() {
        return DeploymentUrls.webSocket(baseUrl, SampleDeployment.BASE_PATH);
    }

    private String channel() {
        return testName + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Map<String, Integer> counts(String channelId) throws Exception {
        HttpResponse<String> response = http().send(HttpRequest.newBuilder(api(channelId, "")).timeout(WAIT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET counts: %s", response.body()).isEqualTo(200);
        JsonObject json = json(response.body());
        return Map.of("joins", json.getInt("joins"), "leaves", json.getInt("leaves"), "created", json.getInt("created"),
                "closed", json.getInt("closed"), "members", json.getInt("members"));
    }

    private JsonObject post(String channelId, String action, String body, int expectedStatus) throws Exception {
        HttpResponse<String> response = http().send(HttpRequest.newBuilder(api(channelId, "/" + action))
                        .timeout(WAIT.plus(ChannelsResource.ASK_TIMEOUT))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST %s: %s", action, response.body()).isEqualTo(expectedStatus);
        return json(response.body());
    }

    private URI api(String channelId, String suffix) {
        return DeploymentUrls.http(baseUrl, "api/channels/" + channelId + suffix);
    }

    private static HttpClient http() {
        return HttpClient.newBuilder().connectTimeout(WAIT).build();
    }

    private static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
