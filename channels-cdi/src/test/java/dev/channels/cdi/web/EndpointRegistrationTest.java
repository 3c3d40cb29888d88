package dev.channels.cdi.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.cdi.internal.ChannelsSettings;
import dev.channels.cdi.se.ChannelsSe;
import dev.channels.cdi.testing.TestClient;
import dev.channels.server.ChannelServer;
import dev.channels.server.ChannelsSetting;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;
import java.util.Map;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.ServerContainer;
import org.glassfish.tyrus.spi.ServerContainerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The base path setting and the endpoint configuration the servlet registrar hands to the
 * container. (The servlet container path itself is proven by the app-server issue.)
 */
class EndpointRegistrationTest {

    private static final String KEY = ChannelsSetting.BASE_PATH.key();

    @AfterEach
    void clearProperty() {
        System.clearProperty(KEY);
    }

    @Test
    void base_paths_are_normalised() {
        assertThat(ChannelsSettings.basePath(name -> "ws")).contains("/ws");
        assertThat(ChannelsSettings.basePath(name -> " /chat/ ")).contains("/chat");
        assertThat(ChannelsSettings.basePath(name -> "/")).contains("");
        assertThat(ChannelsSettings.basePath(name -> "/a/b")).contains("/a/b");
    }

    @Test
    void the_context_parameter_wins_over_the_system_property_and_either_over_nothing() {
        assertThat(ChannelsSettings.basePath(name -> null)).isEmpty();
        System.setProperty(KEY, "from-property");
        assertThat(ChannelsSettings.basePath(name -> null)).contains("/from-property");
        assertThat(ChannelsSettings.basePath(name -> KEY.equals(name) ? "from-context/" : null))
                .contains("/from-context");
    }

    @Test
    void the_system_property_moves_the_standalone_endpoint() throws Exception {
        System.setProperty(KEY, "chat/");
        try (ChannelsSe channels = ChannelsSe.builder().port(0).disableDiscovery().start()) {
            assertThat(channels.channelUri("room").getPath()).isEqualTo("/chat/room");
            try (TestClient client = TestClient.join(channels.channelUri("room"))) {
                assertThat(channels.server().members("room")).containsExactly(client.clientId());
            }
        }
    }

    @Test
    void a_rebased_endpoint_configuration_serves_the_server_under_the_new_path() throws Exception {
        try (ChannelServer server = ChannelServer.builder().build()) {
            ServerEndpointConfig config = RebasedEndpointConfig.of(server.endpointConfig(), "/ws", "/elsewhere");
            assertThat(config.getPath()).isEqualTo("/elsewhere" + server.endpointConfig().getPath().substring("/ws".length()));
            ServerContainer container = ServerContainerFactory.createServerContainer(Map.of());
            container.addEndpoint(config);
            container.start("/", 0);
            try {
                int port = ((TyrusServerContainer) container).getPort();
                try (TestClient client = TestClient.join(URI.create("ws://localhost:" + port + "/elsewhere/r1"))) {
                    assertThat(server.members("r1")).containsExactly(client.clientId());
                }
            } finally {
                container.stop();
            }
        }
    }

    @Test
    void the_session_endpoint_is_served_at_the_rebased_base_path() throws Exception {
        try (ChannelServer server = ChannelServer.builder().build()) {
            ServerEndpointConfig config = RebasedEndpointConfig.atPath(server.sessionEndpointConfig().orElseThrow(), "/elsewhere");
            assertThat(config.getPath()).isEqualTo("/elsewhere");
            ServerContainer container = ServerContainerFactory.createServerContainer(Map.of());
            container.addEndpoint(config);
            container.start("/", 0);
            try {
                int port = ((TyrusServerContainer) container).getPort();
                java.util.concurrent.BlockingQueue<String> frames = new java.util.concurrent.LinkedBlockingQueue<>();
                jakarta.websocket.Session session = org.glassfish.tyrus.client.ClientManager.createClient().connectToServer(
                        new jakarta.websocket.Endpoint() {
                            @Override
                            public void onOpen(jakarta.websocket.Session s, jakarta.websocket.EndpointConfig c) {
                                s.addMessageHandler(String.class, (jakarta.websocket.MessageHandler.Whole<String>) frames::add);
                            }
                        }, jakarta.websocket.ClientEndpointConfig.Builder.create().build(),
                        URI.create("ws://localhost:" + port + "/elsewhere"));
                try {
                    String ready = frames.poll(20, java.util.concurrent.TimeUnit.SECONDS);
                    assertThat(dev.channels.api.codec.EnvelopeCodec.decodeMessage(ready).type()).isEqualTo("session.ready");
                } finally {
                    session.close();
                }
            } finally {
                container.stop();
            }
        }
    }
}
