package dev.channels.it.app;

import dev.channels.cdi.ChannelsConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/**
 * Tunes the channel server in code while it is built: a heartbeat short enough for a test to
 * outlive the pong wait, and a small frame limit. (The base path comes from {@code web.xml}.)
 */
@ApplicationScoped
public class SampleSettings {

    /** Largest accepted inbound frame, in bytes. */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024;
    /** How often the server pings each connection. */
    public static final Duration PING_PERIOD = Duration.ofSeconds(1);
    /** A connection without a pong for this long is closed. */
    public static final Duration PONG_WAIT = Duration.ofSeconds(4);

    void configure(@Observes ChannelsConfiguration config) {
        config.options(config.options()
                .withMaxMessageSize(MAX_MESSAGE_BYTES)
                .withHeartbeat(PING_PERIOD, PONG_WAIT));
    }
}
