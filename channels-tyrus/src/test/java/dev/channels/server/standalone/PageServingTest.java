package dev.channels.server.standalone;

import dev.channels.server.RunnerOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.channels.api.Message;
import dev.channels.api.Request;
import dev.channels.client.ChannelClient;
import dev.channels.server.ChannelServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link RunnerOptions#withPages}: the chat page and the built channels-js package (from the
 * channels-js jar on the class path) are served over HTTP on the port the channels use.
 */
class PageServingTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(WAIT).build(); // offers h2c: an Upgrade header

    private static StandaloneServer running;

    @BeforeAll
    static void start() throws IOException {
        ChannelServer server = ChannelServer.builder()
                .directHandler("echo", (ctx, msg) -> Optional.of(msg.newFrom("echo").withRawBody(msg.rawBody())))
                .build();
        running = StandaloneServer.start(server, 0, RunnerOptions.builder().pages(DemoServer.PAGES).build());
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
    void theChatPageIsServedAtTheRoot() throws Exception {
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
            // browsers run a module script only with a JavaScript MIME type
            assertThat(script.headers().firstValue("Content-Type")).as(path)
                    .hasValueSatisfying(t -> assertThat(t).contains("javascript"));
        }
        assertThat(get("/channels-js/index.js").body()).contains("export class ChannelClient");
    }

    @Test
    void whatIsNotAPageIsNotFound() throws Exception {
        assertThat(get("/missing.html").statusCode()).isEqualTo(404);
        assertThat(get("/dev/channels/server/standalone/DemoServer.class").statusCode()).isEqualTo(404);
        assertThat(get("/channels-js/../dev/channels/server/standalone/DemoServer.class").statusCode()).isEqualTo(404);
        // a path above the root is refused by Grizzly's URI normalisation (500) before any handler
        assertThat(get("/../standalone/DemoServer.class").statusCode()).isGreaterThanOrEqualTo(400);
    }

    @Test
    void channelsWorkOnTheSamePort() throws Exception {
        try (ChannelClient client = ChannelClient.builder().connectTimeout(WAIT).build()) {
            URI room = running.channelUri("room");
            client.join(URI.create(room.toString().substring(0, room.toString().lastIndexOf('/'))), "room");
            Message echo = client.request(Request.of("room", "echo", "ping"), WAIT);
            assertThat(echo.bind(String.class)).isEqualTo("ping");
        }
        await().atMost(WAIT).until(() -> running.server().members("room").isEmpty());
    }

    @Test
    void aResourceRootThatIsNotAClassPathFolderIsRefusedClearly() {
        assertThatThrownBy(() -> RunnerOptions.builder().pages("/dev/channels/web/").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("class-path folder like dev/channels/web/");
        assertThatThrownBy(() -> RunnerOptions.builder().pages("dev/channels/web").build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutPagesTheRootIsNotFound() throws Exception {
        try (StandaloneServer plain = StandaloneServer.start(ChannelServer.builder().build(), 0)) {
            HttpResponse<String> root = HTTP.send(HttpRequest.newBuilder(plain.pageUri()).timeout(WAIT).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(root.statusCode()).isEqualTo(404);
        }
    }
}
