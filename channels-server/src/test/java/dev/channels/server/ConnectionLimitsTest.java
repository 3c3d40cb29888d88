package dev.channels.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.testing.TestRunner;
import dev.channels.testkit.RawWebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Connections over the server's or a channel's limit are refused with 1013 before they join. */
class ConnectionLimitsTest {

    @Test
    void aChannelAtItsLimitRefusesTheNextMemberWith1013AndOtherChannelsStillAdmit() throws Exception {
        RecordingListener hooks = new RecordingListener();
        ChannelServer server = ChannelServer.builder().listener(hooks)
                .options(ServerOptions.builder().connectionLimits(ConnectionLimits.builder().maxConnections(3).maxPerChannel(2).build()).build()).build();
        // each connection is opened after the previous one has joined: concurrent opens join in any order
        try (TestRunner.Running running = TestRunner.current().start(server, 0);
             RawWebSocket a1 = joined(running, "/ws/a");
             RawWebSocket a2 = joined(running, "/ws/a");
             RawWebSocket a3 = RawWebSocket.upgrade(running.port(), "/ws/a")) {
            RawWebSocket.Frame refused = a3.readFrame();
            assertThat(refused.opcode()).isEqualTo(8);
            assertThat(refused.closeCode()).isEqualTo(1013);
            assertThat(refused.text()).isEqualTo("channel full: 2 members");
            joined(running, "/ws/b").close();
            assertThat(server.members("a")).hasSize(2);
            assertThat(hooks.events.stream().filter(e -> e.startsWith("joined:")).count()).isEqualTo(3);
        }
    }

    @Test
    void aServerAtItsLimitRefusesWith1013UntilAConnectionLeaves() throws Exception {
        ChannelServer server = ChannelServer.builder().options(ServerOptions.builder().connectionLimits(ConnectionLimits.builder().maxConnections(2).maxPerChannel(10).build()).build()).build();
        try (TestRunner.Running running = TestRunner.current().start(server, 0)) {
            RawWebSocket first = joined(running, "/ws/x");
            try (RawWebSocket second = joined(running, "/ws/y");
                 RawWebSocket third = RawWebSocket.upgrade(running.port(), "/ws/z")) {
                RawWebSocket.Frame refused = third.readFrame();
                assertThat(refused.closeCode()).isEqualTo(1013);
                assertThat(refused.text()).isEqualTo("server full: 2 connections");
                assertThat(server.connectionCount()).isEqualTo(2);
                first.close();
                await().atMost(Duration.ofSeconds(20)).until(() -> server.connectionCount() == 1);
                joined(running, "/ws/z").close();
            }
        }
    }

    private static RawWebSocket joined(TestRunner.Running running, String path) throws Exception {
        RawWebSocket ws = RawWebSocket.upgrade(running.port(), path);
        assertThat(ws.readFrame().text()).contains("join.success");
        return ws;
    }

    @Test
    void concurrentJoinsNeverPassTheChannelLimit() throws Exception {
        ChannelServer server = ChannelServer.builder().options(ServerOptions.builder().connectionLimits(ConnectionLimits.builder().maxConnections(100).maxPerChannel(5).build()).build()).build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<RawWebSocket> sockets = new ArrayList<>();
        try (TestRunner.Running running = TestRunner.current().start(server, 0)) {
            List<Future<RawWebSocket>> opened = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Callable<RawWebSocket> open = () -> RawWebSocket.upgrade(running.port(), "/ws/crowd");
                opened.add(pool.submit(open));
            }
            int joined = 0;
            int refused = 0;
            for (Future<RawWebSocket> f : opened) {
                RawWebSocket ws = f.get();
                sockets.add(ws);
                RawWebSocket.Frame first = ws.readFrame();
                if (first.opcode() == 8) {
                    assertThat(first.closeCode()).isEqualTo(1013);
                    refused++;
                } else {
                    joined++;
                }
            }
            assertThat(joined).isEqualTo(5);
            assertThat(refused).isEqualTo(15);
            assertThat(server.members("crowd")).hasSize(5);
        } finally {
            for (RawWebSocket ws : sockets) {
                ws.close();
            }
            pool.shutdownNow();
        }
    }
}
