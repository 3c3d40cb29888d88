package dev.channels.it.app;

import dev.channels.cdi.lifecycle.ChannelClosed;
import dev.channels.cdi.lifecycle.ChannelCreated;
import dev.channels.cdi.lifecycle.ClientJoined;
import dev.channels.cdi.lifecycle.ClientLeft;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the server's lifecycle events per channel, as observed through channels-cdi's events.
 * Observers run on the connections' threads; each channel's counters are atomic, the map is guarded
 * by itself and keeps the {@value #MAX_CHANNELS} most recently created channels only.
 */
@ApplicationScoped
public class PresenceCounter {

    private static final int MAX_CHANNELS = 10_000;

    private final Map<String, Counts> channels = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Counts> eldest) {
            return size() > MAX_CHANNELS;
        }
    };

    void joined(@Observes ClientJoined event) {
        counts(event.channelId()).joins.incrementAndGet();
    }

    void left(@Observes ClientLeft event) {
        counts(event.channelId()).leaves.incrementAndGet();
    }

    void created(@Observes ChannelCreated event) {
        counts(event.channelId()).created.incrementAndGet();
    }

    void closed(@Observes ChannelClosed event) {
        counts(event.channelId()).closed.incrementAndGet();
    }

    /** {@code {"joins":n,"leaves":n,"created":n,"closed":n}} for {@code channelId} (zeros when never seen). */
    public JsonObject countsOf(String channelId) {
        Counts c;
        synchronized (channels) {
            c = channels.getOrDefault(channelId, new Counts());
        }
        return Json.createObjectBuilder()
                .add("joins", c.joins.get())
                .add("leaves", c.leaves.get())
                .add("created", c.created.get())
                .add("closed", c.closed.get())
                .build();
    }

    private Counts counts(String channelId) {
        synchronized (channels) {
            return channels.computeIfAbsent(channelId, id -> new Counts());
        }
    }

    /** The counters of one channel. */
    private static final class Counts {
        final AtomicInteger joins = new AtomicInteger();
        final AtomicInteger leaves = new AtomicInteger();
        final AtomicInteger created = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
    }
}
