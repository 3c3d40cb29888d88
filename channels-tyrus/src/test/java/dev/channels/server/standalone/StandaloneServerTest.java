package dev.channels.server.standalone;

import dev.channels.server.RunnerOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.channels.server.ServerOptions;
import dev.channels.testing.EchoChannelServer;
import dev.channels.testkit.RawWebSocket;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The runner's own surface: bind address and waiting for shutdown. */
class StandaloneServerTest {

    @Test
    void byDefaultItListensOnLoopbackOnly() throws Exception {
        InetAddress external = nonLoopbackAddress().orElse(null);
        assumeTrue(external != null, "needs a non-loopback IPv4 address");
        try (StandaloneServer running = StandaloneServer.start(EchoChannelServer.create(ServerOptions.defaults()), 0)) {
            assertThat(running.host()).isEqualTo("127.0.0.1");
            try (RawWebSocket ws = RawWebSocket.upgrade(running.port(), "/ws/loop")) {
                assertThat(ws.readFrame().text()).contains("join.success");
            }
            assertThatThrownBy(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(external, running.port()), 5_000);
                }
            }).isInstanceOf(IOException.class);
        }
    }

    @Test
    void withHostAllInterfacesItIsReachableOnEveryAddress() throws Exception {
        InetAddress external = nonLoopbackAddress().orElse(null);
        assumeTrue(external != null, "needs a non-loopback IPv4 address");
        try (StandaloneServer running = StandaloneServer.start(EchoChannelServer.create(ServerOptions.defaults()), 0,
                RunnerOptions.builder().host("0.0.0.0").build())) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(external, running.port()), 5_000);
                assertThat(s.isConnected()).isTrue();
            }
            assertThat(running.channelUri("a").toString()).isEqualTo("ws://localhost:" + running.port() + "/ws/a");
        }
    }

    @Test
    void endpointsOfYourOwnAreServedBesideTheChannelEndpoint() throws Exception {
        ServerEndpointConfig echo = ServerEndpointConfig.Builder.create(EchoEndpoint.class, "/health").build();
        try (StandaloneServer running = StandaloneServer.start(EchoChannelServer.create(ServerOptions.defaults()), 0,
                RunnerOptions.defaults(), List.of(echo))) {
            try (RawWebSocket ws = RawWebSocket.upgrade(running.port(), "/health")) {
                ws.sendText("ping?", true);
                assertThat(ws.readFrame().text()).isEqualTo("ping?");
                ws.sendText("unmasked", false); // the frame guard covers these endpoints too
                assertThat(ws.awaitClose().closeCode()).isEqualTo(1002);
            }
            try (RawWebSocket ws = RawWebSocket.upgrade(running.port(), "/ws/beside")) {
                assertThat(ws.readFrame().text()).contains("join.success");
            }
        }
    }

    /** Sends every text message back. */
    public static final class EchoEndpoint extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, text -> session.getAsyncRemote().sendText(text));
        }
    }

    @Test
    void awaitShutdownReturnsOnceAnotherThreadClosesTheServer() throws Exception {
        StandaloneServer running = StandaloneServer.start(EchoChannelServer.create(ServerOptions.defaults()), 0);
        CompletableFuture<Void> waited = CompletableFuture.runAsync(() -> {
            try {
                running.awaitShutdown();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThatThrownBy(() -> waited.get(500, TimeUnit.MILLISECONDS))
                .isInstanceOf(java.util.concurrent.TimeoutException.class);
        running.close();
        waited.get(20, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("localhost", running.port()), 5_000);
            }
        }).isInstanceOf(IOException.class));
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nif.isUp() || nif.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }
}
