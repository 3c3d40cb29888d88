package dev.channels.server.standalone;

import dev.channels.server.ServerOptions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.api.ErrorDetail;
import dev.channels.api.ErrorMessage;
import dev.channels.api.Message;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.server.ChannelServer;
import dev.channels.server.RateLimit;
import dev.channels.testkit.RawFrameClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import dev.channels.server.RunnerOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The standalone runner charges the rate limit when a read's bytes came off the socket (ReadArrival),
 * not when the server gets round to each frame: frames written together are charged together, however
 * slowly the application's handler works through them. With event-loop reads the slow (blocking) handler
 * runs on the connection's lane, and the refusal still comes after the replies of the frames before it.
 */
class StandaloneArrivalTest {

    @ParameterizedTest(name = "eventLoopReads={0}")
    @ValueSource(booleans = {false, true})
    void framesWrittenTogetherAreChargedTogetherThoughTheHandlerIsSlowerThanTheRate(boolean eventLoopReads) throws Exception {
        // burst 20 at 100/s; the handler takes 20 ms a message (50/s): charged when handled, the bucket
        // would refill faster than it drains and nothing would ever be dropped
        ChannelServer server = ChannelServer.builder()
                .options(ServerOptions.builder().rateLimit(RateLimit.builder().messagesPerSecond(100).burst(20).disconnectAfter(100).build()).build())
                .directHandler("slow", (ctx, msg) -> {
                    LockSupport.parkNanos(20_000_000L); // the application's work, not a wait for an outcome
                    return Optional.of(msg.newFrom("slow").withBody(msg.body()));
                })
                .build();
        try (StandaloneServer running = StandaloneServer.start(server, 0, RunnerOptions.builder().eventLoopReads(eventLoopReads).build());
             RawFrameClient client = RawFrameClient.connect(running.port(), "/ws/arrival")) {
            assertThat(client.nextText()).contains("join.success");
            List<String> frames = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                frames.add(EnvelopeCodec.encode(Message.create("slow", "arrival").withRawBody(Integer.toString(i))));
            }
            client.sendTexts(frames);
            int replies = 0;
            boolean got429 = false;
            while (!got429 && replies < frames.size()) { // handled in order: the 429 follows the burst's replies
                if (EnvelopeCodec.decode(client.nextText()) instanceof ErrorMessage e) {
                    assertThat(e.detail()).map(ErrorDetail::errCode).contains("429");
                    got429 = true;
                } else {
                    replies++;
                }
            }
            assertThat(got429).as("the excess over the burst is refused though it was handled slowly").isTrue();
            assertThat(replies).as("the burst was handled").isEqualTo(20);
        } finally {
            server.close();
        }
    }
}
