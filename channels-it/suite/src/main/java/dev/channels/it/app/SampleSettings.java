package dev.channels.it.app;

import dev.channels.cdi.ChannelsConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/**
 * Tunes the channel server in code while it is built: a ping every second with a pong wait short
 * enough for a test to outlive it, yet long enough for a server starved by a loaded CI machine (a
 * 4 s wait evicted connections on Payara Micro at load average 20 while it was still warming up),
 * and a small frame limit. (The base path comes from {@code web.xml}.)
 */
@ApplicationScoped
public class SampleSettings {

    /** Largest accepted inbound frame, in bytes. */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024;
    /** How often the server pings each connection. */
    public static final Duration PING_PERIOD = Duration.ofSeconds(1);
    /** A connection without a pong for this long is closed. */
    public static final Duration PONG_WAIT = Duration.ofSeconds(15);

    void configure(@Observes ChannelsConfiguration config) {
        config.maxMessageSize(MAX_MESSAGE_BYTES)
                .pingPeriod(PING_PERIOD)
                .pongWait(PONG_WAIT);
    }
}
