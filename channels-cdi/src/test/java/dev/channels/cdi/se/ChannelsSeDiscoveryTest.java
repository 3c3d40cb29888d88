package dev.channels.cdi.se;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.cdi.ChannelsExtension;
import dev.channels.cdi.testing.TestClient;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The one-call bootstrap, with bean discovery as an application gets it. */
class ChannelsSeDiscoveryTest {

    @Test
    void start_with_discovery_loads_the_extension_once_and_serves_the_endpoint() throws Exception {
        try (ChannelsSe channels = ChannelsSe.start(0)) {
            assertThat(channels.container().select(ChannelsExtension.class).isResolvable()).isTrue();
            assertThat(channels.container().select(ChannelsExtension.class).get().observersOf("echo"))
                    .containsExactly("dev.channels.discovered.DiscoveredEcho.echo(Inbound)");
            try (TestClient client = TestClient.join(channels.channelUri("any"))) {
                assertThat(channels.server().members("any")).containsExactly(client.clientId());
                client.send("echo", "found");
                assertThat(client.nextMessage().rawBody()).isEqualTo("\"found\"");
            }
        }
    }

    @Test
    void a_port_in_use_fails_clearly_and_shuts_cdi_down() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            assertThatThrownBy(() -> ChannelsSe.builder().port(taken.getLocalPort()).disableDiscovery().start())
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("port " + taken.getLocalPort());
        }
    }
}
