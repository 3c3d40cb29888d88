package dev.channels.cdi.se;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.cdi.ChannelsExtension;
import dev.channels.cdi.testing.TestClient;
import java.io.UncheckedIOException;
import dev.channels.server.RunnerOptions;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
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
    void standalone_options_reach_the_runner() throws Exception {
        RunnerOptions options = RunnerOptions.builder().handshakeTimeout(Duration.ofSeconds(1)).build();
        try (ChannelsSe channels = ChannelsSe.builder().port(0).disableDiscovery().runnerOptions(options).start();
             Socket silent = new Socket()) {
            silent.connect(new InetSocketAddress("localhost", channels.port()), 10_000);
            silent.setSoTimeout(20_000);
            long started = System.nanoTime();
            int read;
            try {
                read = silent.getInputStream().read();
            } catch (java.net.SocketException reset) { // aborted after the 1 s handshake timeout
                read = -1;
            }
            assertThat(read).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
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
