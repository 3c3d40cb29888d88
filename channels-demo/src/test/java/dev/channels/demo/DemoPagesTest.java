package dev.channels.server.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.api.Message;
import dev.channels.api.Request;
import dev.channels.client.ChannelClient;
import dev.channels.server.ChannelServer;
import dev.channels.testing.RawWebSocket;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo on Jetty as {@link JettyDemoServer#main} starts it: the demo app with the chat page (from
 * the channels-js jar on the class path) served over HTTP on the port the channels use.
 */
class JettyDemoPagesTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(WAIT).build(); // offers h2c: an Upgrade header

    private static JettyChannelServer running;

    @BeforeAll
    static void start() throws IOException {
        ChannelServer demo = JettyDemoServer.create(JettyDemoServer.demoOptions("/ws"));
        running = JettyChannelServer.start(demo, 0, JettyDemoServer.withChatPage(JettyOptions.defaults()));
    }

    @AfterAll
    static void stop() {
        if (running != null) {
            running.close();
        }
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(running.pageUri() + path.substring(1)))
                .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theDemoServesTheChatPage() throws Exception {
        assertThat(running.options().pages()).contains(JettyDemoServer.PAGES);
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("<title>channels chat</title>").contains("chat.js");
    }

    @Test
    void thePackageAndThePageScriptAreServedAsJavaScript() throws Exception {
        for (String path : new String[] {"/channels-js/index.js", "/chat.js"}) {
            HttpResponse<String> script = get(path);
            assertThat(script.statusCode()).as(path).isEqualTo(200);
            assertThat(script.headers().firstValue("Content-Type")).as(path)
                    .hasValueSatisfying(t -> assertThat(t).contains("javascript"));
        }
    }

    @Test
    void whatIsNotAPageIsNotFound() throws Exception {
        for (String path : new String[] {"/ws/..", "/ws/.", "/ws/../index.html"}) {
            try (RawWebSocket handshake = RawWebSocket.open(running.port(), path, RawWebSocket.handshakeHeaders(running.port()))) {
                assertThat(handshake.status()).as("handshake at " + path).isEqualTo(404);
            }
            try (RawWebSocket plain = RawWebSocket.openRaw(running.port(), ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))) {
                assertThat(plain.status()).as("GET " + path).isEqualTo(404);
            }
        }
        assertThat(get("/missing.html").statusCode()).isEqualTo(404);
        assertThat(get("/dev/channels/server/jetty/JettyDemoServer.class").statusCode()).isEqualTo(404);
        assertThat(get("/channels-js/../dev/channels/server/jetty/JettyDemoServer.class").statusCode()).isGreaterThanOrEqualTo(400);
        assertThat(get("/channels-js/").statusCode()).isGreaterThanOrEqualTo(400); // no folder listings
    }

    @Test
    void theDemoChatsOnTheSamePort() throws Exception {
        java.util.concurrent.BlockingQueue<Message> bobSaw = new java.util.concurrent.LinkedBlockingQueue<>();
        try (ChannelClient alice = ChannelClient.builder().connectTimeout(WAIT).build();
             ChannelClient bob = ChannelClient.builder().connectTimeout(WAIT)
                     .listener("chat", (ctx, msg) -> {
                         bobSaw.add(msg);
                         return java.util.Optional.empty();
                     }).build()) {
            URI base = URI.create("ws://localhost:" + running.port() + "/ws");
            bob.join(base, "room");
            alice.join(base, "room");
            Message echo = alice.request(Request.of("room", "echo", "ping"), WAIT);
            assertThat(echo.bind(String.class)).isEqualTo("ping");
            alice.publish(Request.of("room", "chat", "hello"));
            Message chat = bobSaw.poll(20, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(chat).isNotNull();
            assertThat(chat.bind(String.class)).isEqualTo("hello");
        }
        await().atMost(WAIT).until(() -> running.server().members("room").isEmpty());
    }
}
