package dev.channels.server.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.server.ChannelServer;
import dev.channels.server.RateLimit;
import dev.channels.testing.RawFrameClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Pings count against a connection's rate limit on the standalone runner: a ping flood is closed with
 * 1008 as a message flood is (issue 20, case 2), and pings within the limit are answered.
 * (The Jetty runner does not charge pings; its backpressure bounds what a ping flood costs.)
 */
class StandalonePingLimitTest {

    @Test
    void aPingFloodIsClosedWith1008AndPingsWithinTheLimitAreAnswered() throws Exception {
        ChannelServer server = ChannelServer.builder().rateLimit(RateLimit.of(50, 20)).build();
        try (StandaloneServer running = StandaloneServer.start(server, 0);
             RawFrameClient polite = RawFrameClient.connect(running.port(), "/ws/pings");
             RawFrameClient flooder = RawFrameClient.connect(running.port(), "/ws/pings")) {
            assertThat(polite.nextText()).contains("join.success");
            assertThat(flooder.nextText()).contains("join.success");

            polite.sendFrame(0x89, new byte[] {1, 2, 3});
            RawFrameClient.Frame pong = polite.next();
            while (pong.opcode() != 0xA) {
                pong = polite.next();
            }
            assertThat(pong.payload()).containsExactly(1, 2, 3);

            ByteArrayOutputStream pings = new ByteArrayOutputStream();
            for (int i = 0; i < 1_000; i++) {
                pings.writeBytes(RawFrameClient.frame(0x89, new byte[125]));
            }
            try {
                flooder.sendBytes(pings.toByteArray());
            } catch (IOException e) {
                // cut while still sending: the close frame may still be read below
            }
            assertThat(flooder.awaitClose()).isEqualTo(1008);
            await().atMost(Duration.ofSeconds(20)).until(() -> server.members("pings").size() == 1);
        }
    }
}
