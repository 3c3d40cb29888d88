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
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link RunnerOptions.Builder#pages}: a class-path folder's pages, and below them the class path's
 * {@code META-INF/resources/} (the channels-js WebJar on the class path), are served over HTTP on the
 * port the channels use. (The demo's chat page on both runners: channels-demo's DemoPagesTest.)
 */
class PageServingTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(WAIT).build(); // offers h2c: an Upgrade header

    /** This module's test page (src/test/resources). */
    private static final String PAGES = "test-pages/";
    /** The channels-js WebJar's folder on the class path. */
    private static final String WEBJAR = "META-INF/resources/webjars/channels-js/";

    private static StandaloneServer running;

    @BeforeAll
    static void start() throws IOException {
        ChannelServer server = ChannelServer.builder()
                .directHandler("echo", (ctx, msg) -> Optional.of(msg.newFrom("echo").withRawBody(msg.rawBody())))
                .build();
        running = StandaloneServer.start(server, 0, RunnerOptions.builder().pages(PAGES).build());
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
    void thePageIsServedAtTheRoot() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("<title>test page</title>").contains("page.js");
    }

    @Test
    void theWebJarAndThePageScriptAreServedAsJavaScript() throws Exception {
        String client = "/webjars/channels-js/" + webJarVersion() + "/index.js";
        for (String path : new String[] {client, "/page.js"}) {
            HttpResponse<String> script = get(path);
            assertThat(script.statusCode()).as(path).isEqualTo(200);
            // browsers run a module script only with a JavaScript MIME type
            assertThat(script.headers().firstValue("Content-Type")).as(path)
                    .hasValueSatisfying(t -> assertThat(t).contains("javascript"));
        }
        assertThat(get(client).body()).contains("export class ChannelClient");
    }

    @Test
    void whatIsNotAPageIsNotFound() throws Exception {
        assertThat(get("/missing.html").statusCode()).isEqualTo(404);
        assertThat(get("/dev/channels/server/standalone/PageServingTest.class").statusCode()).isEqualTo(404);
        assertThat(get("/webjars/../../dev/channels/server/standalone/PageServingTest.class").statusCode()).isGreaterThanOrEqualTo(400);
        assertThat(get("/webjars/channels-js/../../MANIFEST.MF").statusCode()).isGreaterThanOrEqualTo(400);
        // only META-INF/resources/ below the pages, not the rest of META-INF
        assertThat(get("/META-INF/MANIFEST.MF").statusCode()).isEqualTo(404);
        // a path above the root is refused by Grizzly's URI normalisation (500) before any handler
        assertThat(get("/../standalone/PageServingTest.class").statusCode()).isGreaterThanOrEqualTo(400);
    }

    /** The version folder of the channels-js WebJar on the class path (its jar, or its target/classes in the reactor). */
    static String webJarVersion() throws Exception {
        URL folder = PageServingTest.class.getClassLoader().getResource(WEBJAR);
        assertThat(folder).as("the channels-js WebJar on the class path").isNotNull();
        URI uri = folder.toURI();
        if (uri.getScheme().equals("jar")) {
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of());
                 Stream<Path> versions = Files.list(jar.getPath(WEBJAR))) {
                return versions.findFirst().orElseThrow().getFileName().toString().replace("/", "");
            }
        }
        try (Stream<Path> versions = Files.list(Path.of(uri))) {
            return versions.findFirst().orElseThrow().getFileName().toString();
        }
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
        assertThatThrownBy(() -> RunnerOptions.builder().pages("/test-pages/").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("class-path folder like dev/channels/web/");
        assertThatThrownBy(() -> RunnerOptions.builder().pages("test-pages").build())
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
