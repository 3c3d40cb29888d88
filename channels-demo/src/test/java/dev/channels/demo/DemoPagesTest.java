package dev.channels.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.api.Message;
import dev.channels.api.Request;
import dev.channels.client.ChannelClient;
import dev.channels.demo.DemoServer.Runner;
import dev.channels.demo.DemoServer.Running;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The demo on each runner as {@link DemoServer#main} starts it: the demo application, the chat page
 * and the browser client from the channels-js WebJar, served over HTTP on the port the channels use.
 */
class DemoPagesTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(WAIT).build(); // offers h2c: an Upgrade header
    /** The chat page's import map entry for the browser client. */
    private static final Pattern CLIENT = Pattern.compile("\"channels-js\": \"\\./(webjars/channels-js/([^/\"]+)/index\\.js)\"");

    private Running running;

    private void start(Runner runner) throws IOException {
        running = DemoServer.start(runner, DemoApp.create(DemoApp.options("/ws")), 0, null);
    }

    @AfterEach
    void stop() {
        if (running != null) {
            running.close();
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(running.pageUri() + path.substring(1)))
                .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @EnumSource(Runner.class)
    void theDemoServesTheChatPageAndTheClientFromTheWebJar(Runner runner) throws Exception {
        start(runner);
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("<title>channels chat</title>").contains("chat.js");
        Matcher client = CLIENT.matcher(page.body());
        assertThat(client.find()).as("the page's import map names the WebJar's index.js: %s", page.body()).isTrue();
        assertThat(client.group(2)).as("the version the build filled in").doesNotContain("@");

        for (String path : new String[] {"/" + client.group(1), "/chat.js"}) {
            HttpResponse<String> script = get(path);
            assertThat(script.statusCode()).as(path).isEqualTo(200);
            // browsers run a module script only with a JavaScript MIME type
            assertThat(script.headers().firstValue("Content-Type")).as(path)
                    .hasValueSatisfying(t -> assertThat(t).contains("javascript"));
        }
        assertThat(get("/" + client.group(1)).body()).contains("export class ChannelClient");
        assertThat(get("/chat.js").body()).contains("from \"channels-js\"");
    }

    @ParameterizedTest
    @EnumSource(Runner.class)
    void whatIsNotAPageIsNotFound(Runner runner) throws Exception {
        start(runner);
        if (runner == Runner.JETTY) {
            // Jetty would resolve a dot segment to the chat page; the runner answers 404 (the Tyrus runner
            // closes such a channel id with 1008 after the upgrade: ClearAnswersTest)
            for (String path : new String[] {"/ws/..", "/ws/.", "/ws/../index.html"}) {
                assertThat(rawStatus(path, true)).as("handshake at " + path).isEqualTo(404);
                assertThat(rawStatus(path, false)).as("GET " + path).isEqualTo(404);
            }
        }
        assertThat(get("/missing.html").statusCode()).isEqualTo(404);
        assertThat(get("/dev/channels/demo/DemoServer.class").statusCode()).isEqualTo(404);
        assertThat(get("/webjars/../dev/channels/demo/DemoServer.class").statusCode()).isGreaterThanOrEqualTo(400);
        assertThat(get("/webjars/channels-js/").statusCode()).isGreaterThanOrEqualTo(400); // no folder listings
    }

    @ParameterizedTest
    @EnumSource(Runner.class)
    void theDemoChatsAndEchoesOnTheSamePort(Runner runner) throws Exception {
        start(runner);
        BlockingQueue<Message> bobSaw = new LinkedBlockingQueue<>();
        try (ChannelClient alice = ChannelClient.builder().connectTimeout(WAIT).build();
             ChannelClient bob = ChannelClient.builder().connectTimeout(WAIT)
                     .listener("chat", (ctx, msg) -> {
                         bobSaw.add(msg);
                         return Optional.empty();
                     }).build()) {
            URI base = URI.create("ws://localhost:" + running.port() + "/ws");
            bob.join(base, "room");
            alice.join(base, "room");
            Message echo = alice.request(Request.of("room", "echo", "ping"), WAIT);
            assertThat(echo.bind(String.class)).isEqualTo("ping");
            alice.publish(Request.of("room", "chat", "hello"));
            Message chat = bobSaw.poll(20, TimeUnit.SECONDS);
            assertThat(chat).isNotNull();
            assertThat(chat.bind(String.class)).isEqualTo("hello");
        }
        await().atMost(WAIT).until(() -> running.server().members("room").isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Runner.class)
    void aBrowsersHandshakeThatOffersCompressionIsAccepted(Runner runner) throws Exception {
        start(runner);
        // what Chromium and Node's ws send; with both runners on the class path, the container default
        // configurator the API's ServiceLoader found first was Jetty's, which made Tyrus accept
        // permessage-deflate without implementing it (the client then failed the handshake)
        List<String> response = rawResponse("/ws/room?name=Ann", true,
                "Origin: http://localhost:" + running.port() + "\r\n"
                        + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n");
        assertThat(status(response)).as("handshake response %s", response).isEqualTo(101);
        if (runner == Runner.TYRUS) {
            assertThat(response).as("Tyrus implements no extension").noneMatch(h -> h.regionMatches(true, 0, "Sec-WebSocket-Extensions:", 0, 25));
        }
    }

    /** The status code of a raw GET of {@code path} (with the WebSocket handshake's headers when {@code upgrade}). */
    private int rawStatus(String path, boolean upgrade) throws IOException {
        return status(rawResponse(path, upgrade, ""));
    }

    private static int status(List<String> response) {
        String[] status = response.get(0).split(" ");
        assertThat(status).as("status line: %s", response).hasSizeGreaterThan(1);
        return Integer.parseInt(status[1]);
    }

    /** The status line and headers of a raw GET of {@code path} (a WebSocket handshake when {@code upgrade}). */
    private List<String> rawResponse(String path, boolean upgrade, String moreHeaders) throws IOException {
        String request = "GET " + path + " HTTP/1.1\r\nHost: localhost:" + running.port() + "\r\n"
                + (upgrade ? "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        + "Sec-WebSocket-Version: 13\r\n" : "Connection: close\r\n")
                + moreHeaders + "\r\n";
        try (Socket socket = new Socket("localhost", running.port())) {
            socket.setSoTimeout((int) WAIT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            List<String> head = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1; c = in.read()) {
                if (c == '\n') {
                    String text = line.toString().strip();
                    if (text.isEmpty()) {
                        break;
                    }
                    head.add(text);
                    line.setLength(0);
                } else {
                    line.append((char) c);
                }
            }
            assertThat(head).as("response to GET %s", path).isNotEmpty();
            return head;
        }
    }
}
