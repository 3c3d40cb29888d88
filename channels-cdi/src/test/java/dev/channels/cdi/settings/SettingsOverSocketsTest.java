package dev.channels.cdi.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.api.Envelope;
import dev.channels.api.ErrorMessage;
import dev.channels.cdi.ChannelsConfiguration;
import dev.channels.cdi.se.ChannelsSe;
import dev.channels.cdi.testing.TestClient;
import dev.channels.server.ChannelsSetting;
import dev.channels.server.OriginPolicy;
import dev.channels.server.RateLimit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The origin policy and the rate limit of a CDI application, set in code ({@link ChannelsConfiguration}) or
 * as {@code channels.*} system properties (read like MicroProfile Config), seen over real sockets: a front
 * end served from another origin may connect, any other page may not, and a client over its rate limit
 * gets {@code "429"}. Before one configuration model, neither could be set in a CDI application.
 */
class SettingsOverSocketsTest {

    private static final String FRONT_END = "https://app.example.com";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /**
     * The application's settings in code: its own pages (and the Tyrus test client, which sends the server's
     * origin) plus a front end served from elsewhere; a low rate limit.
     */
    @ApplicationScoped
    public static class CrossOriginApplication {
        void configure(@Observes ChannelsConfiguration config) {
            config.originPolicy(OriginPolicy.sameOrigin().alsoAllowing(FRONT_END))
                    .rateLimit(RateLimit.builder().messagesPerSecond(1).burst(3).disconnectAfter(1_000).build());
        }
    }

    @Test
    void anOriginPolicyAndARateLimitSetInChannelsConfigurationTakeEffect() throws Exception {
        try (ChannelsSe channels = ChannelsSe.builder().port(0).disableDiscovery()
                .beanClasses(CrossOriginApplication.class).start()) {
            assertTheFrontEndOnlyMayConnectAndFloodsGet429(channels);
        }
    }

    @Test
    void anOriginPolicyAndARateLimitSetAsSystemPropertiesTakeEffect() throws Exception {
        Map<String, String> settings = Map.of(ChannelsSetting.ALLOWED_ORIGINS.key(), "same-origin, " + FRONT_END,
                ChannelsSetting.RATE_LIMIT_MESSAGES_PER_SECOND.key(), "1", ChannelsSetting.RATE_LIMIT_BURST.key(), "3",
                ChannelsSetting.RATE_LIMIT_DISCONNECT_AFTER.key(), "1000");
        settings.forEach(System::setProperty);
        try (ChannelsSe channels = ChannelsSe.builder().port(0).disableDiscovery().start()) {
            assertTheFrontEndOnlyMayConnectAndFloodsGet429(channels);
        } finally {
            settings.keySet().forEach(System::clearProperty);
        }
    }

    private static void assertTheFrontEndOnlyMayConnectAndFloodsGet429(ChannelsSe channels) throws Exception {
        URI room = channels.channelUri("room");
        CompletableFuture<String> first = new CompletableFuture<>();
        WebSocket frontEnd = HTTP.newWebSocketBuilder().header("Origin", FRONT_END).connectTimeout(WAIT)
                .buildAsync(room, new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        first.complete(data.toString());
                        return null;
                    }
                }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as("join.success for the front end").contains("join.success");
        frontEnd.abort();

        assertThatThrownBy(() -> HTTP.newWebSocketBuilder().header("Origin", "https://evil.example").connectTimeout(WAIT)
                .buildAsync(room, new WebSocket.Listener() { }).get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .hasCauseInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode()).isEqualTo(403));

        try (TestClient flooder = TestClient.join(room)) {
            for (int i = 0; i < 10; i++) {
                flooder.send("no.such.type", i);
            }
            List<String> codes = new ArrayList<>();
            while (!codes.contains("429") && codes.size() < 10) {
                Envelope e = flooder.next();
                if (e instanceof ErrorMessage error) {
                    codes.add(error.detail().orElseThrow().errCode());
                }
            }
            assertThat(codes).as("a burst of 3, then the rate limit").startsWith("404", "404", "404").contains("429");
        }
    }
}
