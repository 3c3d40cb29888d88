package dev.channels.server.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.filterchain.TransportFilter;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.grizzly.nio.transport.TCPNIOTransportBuilder;
import org.junit.jupiter.api.Test;

/** The runner's deadlines for connections that would otherwise never end, on a plain Grizzly listener. */
class ConnectionReaperTest {

    /**
     * A connection whose close completes within the grace period must not stay reachable from the
     * reaper's queue for the rest of it: with 10,000 members leaving at once that was ~33 MB held for
     * the grace period (5 s by default; an hour here, so only the cancel can empty the queue in time).
     */
    @Test
    void aConnectionThatClosesInTimeLeavesNoDeadlineBehind() throws Exception {
        CompletableFuture<Connection<?>> accepted = new CompletableFuture<>();
        TCPNIOTransport transport = TCPNIOTransportBuilder.newInstance().build();
        transport.setProcessor(FilterChainBuilder.stateless().add(new TransportFilter()).add(new BaseFilter() {
            @Override
            public NextAction handleAccept(FilterChainContext ctx) {
                accepted.complete(ctx.getConnection());
                return ctx.getStopAction();
            }
        }).build());
        try (ConnectionReaper reaper = new ConnectionReaper(Duration.ofHours(1), Duration.ofHours(1))) {
            int port = transport.bind(new InetSocketAddress("127.0.0.1", 0)).getLocalAddress() instanceof InetSocketAddress a
                    ? a.getPort() : -1;
            transport.start();
            try (Socket client = new Socket("127.0.0.1", port)) {
                Connection<?> server = accepted.get(20, TimeUnit.SECONDS);
                reaper.closing(server);
                assertThat(reaper.pendingDeadlines()).isEqualTo(1);
                server.closeSilently();
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(reaper.pendingDeadlines()).isZero());

            // closing() on a connection that has closed already leaves nothing behind either
            reaper.closing(accepted.get());
            assertThat(reaper.pendingDeadlines()).isZero();
        } finally {
            transport.shutdownNow();
        }
    }
}
