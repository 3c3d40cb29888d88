package dev.channels.client;

import dev.channels.api.ChannelHeaders;
import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import java.util.Optional;

/**
 * Where the client is in its channel's stream (docs/protocol.md "Channel streams"): the epoch and the last
 * offset it received, taken from {@code join.success} and every channel message, so that a rejoin
 * can ask for recovery with {@code since}/{@code epoch}. Fed on the reader thread of the channel's
 * current connection; read by the reconnect attempt on the scheduler. Guarded by this.
 */
final class StreamTracker {

    private String epoch = "";
    private long offset;
    private boolean lastJoinRecovered;

    /** Notes {@code message}'s place in the stream, if it has one. */
    synchronized void observe(Message message) {
        Optional<String> e = message.header(ChannelHeaders.CHANNEL_EPOCH);
        Optional<Long> o = message.header(ChannelHeaders.CHANNEL_OFFSET).flatMap(StreamTracker::parse);
        if (MessageTypes.JOIN_SUCCESS.equals(message.type())) {
            lastJoinRecovered = message.header(ChannelHeaders.CHANNEL_RECOVERED).map("true"::equals).orElse(false);
            if (e.isEmpty() || o.isEmpty()) { // a server without streams (the Go seed, or history off)
                epoch = "";
                offset = 0;
            } else if (!lastJoinRecovered && !epoch.isEmpty() && !epoch.equals(e.get())) {
                // asked to recover another epoch: the server replays the new epoch's retained messages
                // from its start (docs/protocol.md "Channel streams"), which move the offset on; until
                // the first arrives the client has nothing of the new epoch, so a rejoin asks from 0
                epoch = e.get();
                offset = 0;
            } else if (!lastJoinRecovered) { // a new start: live messages continue after the top
                epoch = e.get();
                offset = o.get();
            }
            // recovered: the replay that follows moves the offset on
            return;
        }
        if (e.isPresent() && o.isPresent() && e.get().equals(epoch) && o.get() > offset) {
            offset = o.get();
        }
    }

    /** The epoch of the stream the client is in, or empty when the server keeps none. */
    synchronized String epoch() {
        return epoch;
    }

    /** The offset of the last channel message received (or the top announced by join.success). */
    synchronized long offset() {
        return offset;
    }

    /** Whether the latest join.success said {@code X-Channel-Recovered: true}. */
    synchronized boolean lastJoinRecovered() {
        return lastJoinRecovered;
    }

    private static Optional<Long> parse(String value) {
        try {
            return Optional.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
