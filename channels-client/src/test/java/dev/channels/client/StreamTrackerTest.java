package dev.channels.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.api.ChannelHeaders;
import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import org.junit.jupiter.api.Test;

/**
 * The position a rejoin asks to recover from, when the connection is lost in the middle of what a
 * {@code join.success} announced (the sockets tests cannot cut at that byte; ClientRecoveryTest covers the rest).
 */
class StreamTrackerTest {

    private static Message join(String epoch, long top, Boolean recovered) {
        Message m = Message.create(MessageTypes.JOIN_SUCCESS, "c")
                .withHeader(ChannelHeaders.CHANNEL_EPOCH, epoch)
                .withHeader(ChannelHeaders.CHANNEL_OFFSET, Long.toString(top));
        return recovered == null ? m : m.withHeader(ChannelHeaders.CHANNEL_RECOVERED, recovered.toString());
    }

    private static Message tick(String epoch, long offset) {
        return Message.create("tick", "c")
                .withHeader(ChannelHeaders.CHANNEL_EPOCH, epoch)
                .withHeader(ChannelHeaders.CHANNEL_OFFSET, Long.toString(offset));
    }

    @Test
    void aRejoinIntoANewEpochStartsAtItsBeginningSoThatALossBeforeTheReplayEndsLosesNothingOfIt() {
        StreamTracker t = new StreamTracker();
        t.observe(join("e1", 0, null));
        t.observe(tick("e1", 1));
        t.observe(join("e2", 3, false)); // the server replays e2's 1..3 next
        assertThat(t.epoch()).isEqualTo("e2");
        assertThat(t.offset()).as("nothing of e2 received yet: a rejoin now asks from 0").isZero();
        t.observe(tick("e2", 1));
        assertThat(t.offset()).as("cut here: the rejoin recovers 2 and 3").isEqualTo(1);
        t.observe(tick("e2", 2));
        t.observe(tick("e2", 3));
        t.observe(tick("e2", 4));
        assertThat(t.offset()).isEqualTo(4);
    }

    @Test
    void aFirstJoinAndANotRecoveredJoinInTheSameEpochContinueFromTheTop() {
        StreamTracker t = new StreamTracker();
        t.observe(join("e1", 7, null));
        assertThat(t.offset()).isEqualTo(7);
        t.observe(join("e1", 20, false)); // trimmed: nothing is replayed
        assertThat(t.offset()).isEqualTo(20);
    }
}
