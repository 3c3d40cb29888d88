package dev.channels.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.testing.EchoChannelServer;
import dev.channels.testing.TestRunner;
import dev.channels.testkit.RawWebSocket;
import dev.channels.testkit.TyrusTestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Forged {@code Origin} headers against the standalone runner (checked before the upgrade) and
 * against Tyrus's own container, where only the portable endpoint code runs.
 */
class OriginCheckTest {

    private static final String EVIL = "https://evil.example";

    @Test
    void byDefaultAPageFromAnotherSiteGets403BeforeTheUpgrade() throws Exception {
        ChannelServer server = EchoChannelServer.create(ServerOptions.defaults());
        try (TestRunner.Running running = TestRunner.current().start(server, 0)) {
            try (RawWebSocket ws = RawWebSocket.open(running.port(), "/ws/room", withOrigin(running.port(), EVIL))) {
                assertThat(ws.status()).isEqualTo(403);
                assertThat(ws.body()).contains("origin not allowed");
            }
            assertThat(server.connectionCount()).isZero();
        }
    }

    @Test
    void byDefaultThePagesOwnOriginAndClientsWithoutOriginAreLetIn() throws Exception {
        try (TestRunner.Running running = TestRunner.current().start(EchoChannelServer.create(ServerOptions.defaults()), 0)) {
            int port = running.port();
            try (RawWebSocket ws = RawWebSocket.open(port, "/ws/room", withOrigin(port, "http://localhost:" + port))) {
                assertThat(ws.status()).isEqualTo(101);
                assertThat(ws.readFrame().text()).contains("join.success");
            }
            try (RawWebSocket ws = RawWebSocket.upgrade(port, "/ws/room")) { // no Origin header
                assertThat(ws.readFrame().text()).contains("join.success");
            }
        }
    }

    @Test
    void anAllowListAdmitsTheListedOriginsOnly() throws Exception {
        ChannelServer server = ChannelServer.builder()
                .options(ServerOptions.builder().originPolicy(OriginPolicy.allowList("https://app.example.com")).build()).build();
        try (TestRunner.Running running = TestRunner.current().start(server, 0)) {
            int port = running.port();
            try (RawWebSocket ws = RawWebSocket.open(port, "/ws/room", withOrigin(port, "https://app.example.com"))) {
                assertThat(ws.status()).isEqualTo(101);
            }
            try (RawWebSocket ws = RawWebSocket.open(port, "/ws/room", withOrigin(port, "http://localhost:" + port))) {
                assertThat(ws.status()).isEqualTo(403);
            }
        }
    }

    @Test
    void anyOriginRestoresTheSeedsBehaviour() throws Exception {
        ChannelServer server = ChannelServer.builder().options(ServerOptions.builder().originPolicy(OriginPolicy.anyOrigin()).build()).build();
        try (TestRunner.Running running = TestRunner.current().start(server, 0)) {
            try (RawWebSocket ws = RawWebSocket.open(running.port(), "/ws/room", withOrigin(running.port(), EVIL))) {
                assertThat(ws.status()).isEqualTo(101);
            }
        }
    }

    @Test
    void inAnyContainerAnOriginOffTheAllowListGets403FromCheckOrigin() throws Exception {
        ChannelServer server = ChannelServer.builder()
                .options(ServerOptions.builder().originPolicy(OriginPolicy.allowList("https://app.example.com")).build()).build();
        try (TyrusTestServer container = TyrusTestServer.start(server.endpointConfig())) {
            try (RawWebSocket ws = RawWebSocket.open(container.port(), "/ws/room", withOrigin(container.port(), EVIL))) {
                assertThat(ws.status()).isEqualTo(403);
            }
            assertThat(server.connectionCount()).isZero();
        } finally {
            server.close();
        }
    }

    @Test
    void inAnyContainerACrossSiteOriginIsClosedWith1008BeforeItJoins() throws Exception {
        ChannelServer server = EchoChannelServer.create(ServerOptions.defaults());
        try (TyrusTestServer container = TyrusTestServer.start(server.endpointConfig())) {
            try (RawWebSocket ws = RawWebSocket.open(container.port(), "/ws/room", withOrigin(container.port(), EVIL))) {
                assertThat(ws.status()).isEqualTo(101); // checkOrigin cannot see the Host header
                RawWebSocket.Frame first = ws.readFrame(); // no join.success before it
                assertThat(first.opcode()).isEqualTo(8);
                assertThat(first.closeCode()).isEqualTo(1008);
                assertThat(first.text()).isEqualTo("origin not allowed: " + EVIL);
            }
            assertThat(server.connectionCount()).isZero();
        } finally {
            server.close();
        }
    }

    private static Map<String, String> withOrigin(int port, String origin) {
        Map<String, String> headers = RawWebSocket.handshakeHeaders(port);
        headers.put("Origin", origin);
        return headers;
    }
}
