package dev.channels.bench.driver;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The admin of the Socket.IO peer: {@code GET /admin/stats} and {@code GET /admin/gc} on its HTTP
 * port, each answering one JSON object of numbers (see {@code channels-bench/socketio/server.js}).
 */
final class HttpAdmin implements ServerAdmin {

    // HTTP/1.1 only: the JDK's default asks to upgrade to h2c, and Node hands any request with an Upgrade
    // header to Engine.IO, which drops it when the path is not its own.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30)).build();
    private final String base;

    /** @param baseUrl the server's {@code ws://host:port} */
    HttpAdmin(String baseUrl) {
        this.base = baseUrl.replaceFirst("^ws", "http");
    }

    /** {@code GET /admin/<command>} (up to 120 s). */
    @Override
    public Map<String, Long> ask(String command) throws Exception {
        String path = "/admin/" + command;
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + base + path + ": HTTP " + response.statusCode());
        }
        return Json.readLongs(response.body());
    }

    @Override
    public void close() {
        // HttpClient has nothing to close on JDK 17
    }
}
