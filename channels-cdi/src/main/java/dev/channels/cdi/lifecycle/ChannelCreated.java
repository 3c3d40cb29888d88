package dev.channels.cdi.lifecycle;

import java.util.Objects;

/**
 * A channel came into existence: its first client joined (the seed's server hook).
 * Fired once synchronously ({@code @Observes}, on the server's thread: keep it short) and once
 * asynchronously ({@code @ObservesAsync}); each observer runs exactly once. A failing observer is
 * logged and does not affect the server.
 *
 * @param channelId the channel
 *
 * @since 0.1.0
 */
public record ChannelCreated(String channelId) {

    /** Validates. */
    public ChannelCreated {
        Objects.requireNonNull(channelId, "channelId");
    }
}
