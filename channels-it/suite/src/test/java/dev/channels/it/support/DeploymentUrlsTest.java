package dev.channels.it.support;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.URL;
import java.util.Collections;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DeploymentUrlsTest {

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource({
            "http://127.0.0.1:8080/channels-it/,  ws/room,      ws://127.0.0.1:8080/channels-it/ws/room",
            "http://127.0.0.1:8080/channels-it,   ws/room,      ws://127.0.0.1:8080/channels-it/ws/room",
            "http://127.0.0.1:8080/channels-it/,  /ws/room,     ws://127.0.0.1:8080/channels-it/ws/room",
            "https://example.test:8443/a/b/,      ws/x,         wss://example.test:8443/a/b/ws/x",
            "HTTP://localhost:9080/app/,          ws/x,         ws://localhost:9080/app/ws/x",
            "http://localhost/,                   ws/x,         ws://localhost/ws/x",
            "http://localhost,                    ws/x,         ws://localhost/ws/x",
            "http://[::1]:8080/app/,              ws/x,         ws://[::1]:8080/app/ws/x",
            "http://localhost:8080/app/?q=1#f,    ws/x,         ws://localhost:8080/app/ws/x",
    })
    void webSocketUriKeepsHostPortAndContextAndSwapsTheScheme(String base, String path, String expected)
            throws Exception {
        assertThat(DeploymentUrls.webSocket(new URL(base), path)).isEqualTo(URI.create(expected));
    }

    @Test
    void channelIdsAreEscapedIntoOnePathSegment() throws Exception {
        URI uri = DeploymentUrls.webSocket(new URL("http://localhost:8080/app/"), "ws/room one");

        assertThat(uri.toASCIIString()).isEqualTo("ws://localhost:8080/app/ws/room%20one");
    }

    @Test
    void httpUriStaysInsideTheContextEvenWithoutTrailingSlash() throws Exception {
        assertThat(DeploymentUrls.http(new URL("http://localhost:8080/app"), "status"))
                .isEqualTo(URI.create("http://localhost:8080/app/status"));
        assertThat(DeploymentUrls.http(new URL("https://localhost:8443/app/"), "/status"))
                .isEqualTo(URI.create("https://localhost:8443/app/status"));
    }

    @Test
    void nonHttpBaseIsRejectedWithTheScheme() throws Exception {
        assertThatThrownBy(() -> DeploymentUrls.webSocket(new URL("ftp://localhost/app/"), "ws/x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ftp");
        assertThatThrownBy(() -> DeploymentUrls.http(new URL("file:/tmp/app/"), "status"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("file");
    }

    @Test
    void ownNetworkAddressIsMovedToLoopbackKeepingPortAndContext() throws Exception {
        Optional<InetAddress> own = ownNonLoopbackIpv4Address();
        assumeTrue(own.isPresent(), "this machine has no non-loopback IPv4 address");

        URL moved = DeploymentUrls.onLoopback(new URL("http://" + own.get().getHostAddress() + ":35313/app/"));

        assertThat(moved).isEqualTo(new URL("http://127.0.0.1:35313/app/"));
    }

    @Test
    void loopbackAndForeignAddressesAreLeftAlone() throws Exception {
        URL loopback = new URL("http://127.0.0.1:8080/app/");
        URL foreign = new URL("http://203.0.113.7:8080/app/");

        assertThat(DeploymentUrls.onLoopback(loopback)).isSameAs(loopback);
        assertThat(DeploymentUrls.onLoopback(foreign)).isSameAs(foreign);
    }

    private static Optional<InetAddress> ownNonLoopbackIpv4Address() throws Exception {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                .findFirst();
    }
}
