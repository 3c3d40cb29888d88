package dev.channels.it;

import dev.channels.api.Message;
import dev.channels.api.Request;
import dev.channels.client.JoinedChannel;
import dev.channels.it.app.ChannelsResource;
import dev.channels.it.app.EngineResource;
import dev.channels.it.app.RoomHandlers;
import dev.channels.it.app.StampingInterceptor;
import dev.channels.it.support.DeploymentUrls;
import dev.channels.it.support.OtherNode;
import dev.channels.it.support.RecordingChannelClient;
import dev.channels.it.support.SampleDeployment;
import dev.channels.it.support.SuiteRedis;
import dev.channels.redis.RedisEngine;
import dev.channels.server.ChannelServer;
import dev.channels.server.engine.PresenceInfo;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample application in the application server as one node of a two-node cluster on Redis: the
 * other node is a {@link ChannelServer} in the test JVM on the same (suite) Redis, on a Tyrus
 * container of its own. Runs only in a container module's Redis execution ({@code -Dit.engine=redis},
 * see {@link SuiteRedis}); {@link SampleApplicationIT} runs unchanged in the same execution.
 *
 * <p>Proves that the engine in the server really is Redis (members and messages cross to a node the
 * server knows nothing of but the Redis, and its presence entries are in Redis), and that Lettuce,
 * Netty and Reactor were loaded from the WAR.
 */
@ExtendWith(ArquillianExtension.class)
@EnabledIfSystemProperty(named = SuiteRedis.ENGINE_PROPERTY, matches = "redis")
class RedisClusterIT {

    private static final System.Logger LOG = System.getLogger(RedisClusterIT.class.getName());
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String OTHER_NODE_ID = "test-jvm";

    @ArquillianResource
    private URL reportedBaseUrl;

    /** Shared by the tests (each uses channels of its own); started before the first, closed after the last. */
    private static OtherNode other;

    private URL baseUrl;
    private String testName;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return SampleDeployment.create();
    }

    @BeforeAll
    static void startTheOtherNode() throws Exception {
        // What a second application would run: its own handler for chat (no stamp: not the sample's interceptor).
        other = OtherNode.start(ChannelServer.builder()
                .engine(RedisEngine.builder().uri(SuiteRedis.server().uri()).nodeId(OTHER_NODE_ID).build())
                .channelHandler(RoomHandlers.CHAT, (ctx, msg) -> Optional.of(msg.newFrom(RoomHandlers.CHAT).withRawBody(msg.rawBody())))
                .build());
    }

    @AfterAll
    static void stopTheOtherNode() {
        if (other != null) {
            other.close();
            other = null;
        }
    }

    @BeforeEach
    void stayOnLoopback(TestInfo info) {
        baseUrl = DeploymentUrls.onLoopback(reportedBaseUrl);
        testName = info.getTestMethod().map(m -> m.getName()).orElse("test");
    }

    @Test
    void theServersEngineIsRedisWithLettuceNettyAndReactorFromTheWar() throws Exception {
        JsonObject engine = get("api/engine");
        LOG.log(System.Logger.Level.INFO, "engine in the application server: {0}", engine);

        assertThat(engine.getString("engine")).isEqualTo(RedisEngine.class.getSimpleName());
        assertThat(engine.getString("nodeId")).as("nodeId of channels.engine.uri from microprofile-config.properties")
                .isEqualTo(SampleDeployment.REDIS_NODE_ID);
        assertThat(engine.getBoolean("available")).isTrue();
        JsonObject libraries = engine.getJsonObject("libraries");
        for (String type : EngineResource.LIBRARY_CLASSES) {
            JsonObject library = libraries.getJsonObject(type);
            assertThat(library.getBoolean("found")).as("%s found: %s", type, library).isTrue();
            assertThat(library.getBoolean("fromApplication")).as("%s loaded by the WAR's class loader: %s", type, library).isTrue();
        }

        // Its members are in Redis, where a plain Redis client sees them.
        String room = channel();
        try (RecordingChannelClient alice = RecordingChannelClient.recording()) {
            JoinedChannel joined = alice.join(appServer(), room);
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(SuiteRedis.server().command("HEXISTS", "channels:presence.h." + room, joined.clientId()))
                        .as("presence hash of %s in Redis", room).isEqualTo("1");
                assertThat(SuiteRedis.server().command("EXISTS", "channels:presence.c." + joined.clientId()))
                        .as("route of client %s in Redis", joined.clientId()).isEqualTo("1");
            });
        }
    }

    @Test
    void chatsCrossBetweenTheApplicationServerAndTheOtherNode() throws Exception {
        String room = channel();
        try (RecordingChannelClient alice = RecordingChannelClient.recording(RoomHandlers.CHAT);
             RecordingChannelClient bob = RecordingChannelClient.recording(RoomHandlers.CHAT)) {
            JoinedChannel aliceInRoom = alice.join(appServer(), room);
            JoinedChannel bobInRoom = bob.join(other.base(), room);
            awaitMembers(room, aliceInRoom.clientId(), bobInRoom.clientId());

            // Alice's chat is handled by the sample application in the server and reaches Bob on the other node.
            alice.client().publish(Request.of(room, RoomHandlers.CHAT, Map.of("text", "from the app server")));
            for (RecordingChannelClient member : List.of(alice, bob)) {
                Message chat = member.nextMessage(WAIT);
                assertThat(chat.bind(Map.class)).containsEntry("text", "from the app server");
                assertThat(chat.clientId()).isEqualTo(aliceInRoom.clientId());
                assertThat(chat.header(StampingInterceptor.HEADER)).as("stamped by the server's interceptor").contains(RoomHandlers.CHAT);
            }

            // Bob's chat is handled by the other node and reaches Alice in the server.
            bob.client().publish(Request.of(room, RoomHandlers.CHAT, Map.of("text", "from the other node")));
            for (RecordingChannelClient member : List.of(alice, bob)) {
                Message chat = member.nextMessage(WAIT);
                assertThat(chat.bind(Map.class)).containsEntry("text", "from the other node");
                assertThat(chat.clientId()).isEqualTo(bobInRoom.clientId());
                assertThat(chat.header(StampingInterceptor.HEADER)).as("not the server's handler").isEmpty();
            }
        }
    }

    @Test
    void theServersRestBroadcastReachesAndCountsAMemberOnTheOtherNodeOnly() throws Exception {
        String room = channel();
        try (RecordingChannelClient bob = RecordingChannelClient.recording(ChannelsResource.ANNOUNCEMENT)) {
            bob.join(other.base(), room);

            // The server's ChannelServer.members sees Bob, who is connected to the other node only.
            await().atMost(WAIT).untilAsserted(() -> assertThat(get("api/channels/" + room).getInt("members")).isEqualTo(1));

            JsonObject broadcast = post(room, "broadcast", "{\"text\":\"to every node\"}", 200);
            assertThat(broadcast.getInt("recipients")).isEqualTo(1);
            Message announcement = bob.nextMessage(WAIT);
            assertThat(announcement.type()).isEqualTo(ChannelsResource.ANNOUNCEMENT);
            assertThat(announcement.bind(Map.class)).containsEntry("text", "to every node");
        }
    }

    @Test
    void theServersRestAskGetsTheReplyOfAMemberOnTheOtherNode() throws Exception {
        String room = channel();
        // Carol, in the server, hears the question but does not answer; Bob, on the other node, does.
        try (RecordingChannelClient carol = RecordingChannelClient.recording(ChannelsResource.QUESTION);
             RecordingChannelClient bob = RecordingChannelClient.answering(ChannelsResource.QUESTION,
                     (ctx, question) -> Optional.of(question.newFrom("answer").withBody(Map.of("from", OTHER_NODE_ID))))) {
            JoinedChannel carolInRoom = carol.join(appServer(), room);
            JoinedChannel bobInRoom = bob.join(other.base(), room);
            awaitMembers(room, carolInRoom.clientId(), bobInRoom.clientId());

            JsonObject answer = post(room, "ask", "{\"q\":\"which node?\"}", 200);

            assertThat(answer.getString("clientId")).isEqualTo(bobInRoom.clientId());
            assertThat(answer.getString("correlationId")).isEqualTo(answer.getString("questionCorrelationId"));
            assertThat(answer.getJsonObject("body").getString("from")).isEqualTo(OTHER_NODE_ID);
            assertThat(carol.nextMessage(WAIT).correlationId()).isEqualTo(answer.getString("correlationId"));
        }
    }

    @Test
    void theServersRestAskGetsTheReplyWhenTheOnlyMemberIsOnTheOtherNode() throws Exception {
        String room = channel();
        // No member in the server at all: the ask goes through the cluster and Bob's answer comes back.
        try (RecordingChannelClient bob = RecordingChannelClient.answering(ChannelsResource.QUESTION,
                (ctx, question) -> Optional.of(question.newFrom("answer").withBody(Map.of("from", OTHER_NODE_ID))))) {
            JoinedChannel bobInRoom = bob.join(other.base(), room);
            awaitMembers(room, bobInRoom.clientId());

            JsonObject answer = post(room, "ask", "{\"q\":\"anyone?\"}", 200);

            assertThat(answer.getString("clientId")).isEqualTo(bobInRoom.clientId());
            assertThat(answer.getJsonObject("body").getString("from")).isEqualTo(OTHER_NODE_ID);
        }
    }

    @Test
    void theOtherNodeSeesTheServersMembersInPresence() throws Exception {
        String room = channel();
        try (RecordingChannelClient alice = RecordingChannelClient.recording()) {
            JoinedChannel aliceInRoom = alice.join(appServer(), room);

            await().atMost(WAIT).untilAsserted(() -> assertThat(other.server().engine().presence().list(room).get())
                    .extracting(PresenceInfo::clientId, PresenceInfo::nodeId)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(aliceInRoom.clientId(), SampleDeployment.REDIS_NODE_ID)));

            alice.close();
            await().atMost(WAIT).untilAsserted(() -> assertThat(other.server().members(room)).isEmpty());
        }
    }

    private void awaitMembers(String room, String... clientIds) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(other.server().members(room)).containsExactlyInAnyOrder(clientIds));
    }

    private URI appServer() {
        return DeploymentUrls.webSocket(baseUrl, SampleDeployment.BASE_PATH);
    }

    private String channel() {
        return testName + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private JsonObject get(String path) throws Exception {
        HttpResponse<String> response = http().send(HttpRequest.newBuilder(DeploymentUrls.http(baseUrl, path))
                .timeout(WAIT).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return json(response.body());
    }

    private JsonObject post(String channelId, String action, String body, int expectedStatus) throws Exception {
        HttpResponse<String> response = http().send(HttpRequest.newBuilder(
                                DeploymentUrls.http(baseUrl, "api/channels/" + channelId + "/" + action))
                        .timeout(WAIT.plus(ChannelsResource.ASK_TIMEOUT))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST %s: %s", action, response.body()).isEqualTo(expectedStatus);
        return json(response.body());
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
