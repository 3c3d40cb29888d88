package dev.channels.server;

import dev.channels.server.engine.Publication;
import dev.channels.server.engine.StreamPosition;
import dev.channels.transport.OutboundText;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The framed text of each recent stream publication, made once and shared: by the live broadcast to
 * every member ({@link EngineFanout#onPublication}) and by every replay of it ({@link ChannelMembership#welcome}).
 * Without it each joiner's replay decoded and re-encoded every retained envelope to add the stream
 * headers and then UTF-8-encoded the result again, on the joining container thread: 50 clients
 * rejoining 100 messages of 60,000 characters cost 300 MB of JSON and UTF-8 work and starved other
 * channels of the container's few worker threads. One {@link OutboundText} per stream position also
 * means its encoded WebSocket frame is made once for all of them. Making an entry decodes nothing
 * either: the stream headers are written into the published envelope's text
 * ({@link dev.channels.api.codec.EnvelopeCodec#withStreamPosition}).
 *
 * <p>A position ({@code channelId}, epoch, offset) names one publication for good, so an entry never
 * goes stale. The cache is bounded by the total characters of the texts it holds (each entry also
 * holds its encoded frame once a writer asked for it, about as many bytes again); the least recently
 * used entries are evicted first. A publication not in a stream is never cached. An entry not used
 * for {@link #IDLE_NANOS} is dropped by {@link #expire}, which the server's scheduler calls every
 * second: the cache serves a burst of replays (and a rejoin shortly after a broadcast), and once the
 * clients are gone the heap goes back to what it was (the abuse suite's slow-reader attack measured
 * +10 MiB of 30,000-character frames held after every member had left, without expiry).
 *
 * <p>Thread-safety: the map and the character count are guarded by this object's monitor, which is
 * held only to look up, insert and evict; never while framing a publication or calling out (two
 * threads may frame the same position at once: the first one inserted wins and both return it).
 */
final class StreamFrames {

    /** How long an entry stays without being used. */
    static final long IDLE_NANOS = 5_000_000_000L;

    private record Key(String channelId, String epoch, long offset) {
    }

    /** A cached frame and when it was last used ({@link System#nanoTime()}). */
    private static final class Entry {
        final OutboundText text;
        long usedNanos;

        Entry(OutboundText text, long usedNanos) {
            this.text = text;
            this.usedNanos = usedNanos;
        }
    }

    private final long maxChars;
    /** Least recently used first. Guarded by this. */
    private final LinkedHashMap<Key, Entry> frames = new LinkedHashMap<>(64, 0.75f, true);
    /** Characters of the texts in {@link #frames}. Guarded by this. */
    private long chars;

    /** @param maxChars the bound on the total characters of the cached texts (0: cache nothing) */
    StreamFrames(long maxChars) {
        this.maxChars = maxChars;
    }

    /** The frame members get for {@code publication} ({@link EngineFanout#frame}), the same instance for the same stream position. */
    OutboundText frame(Publication publication) {
        StreamPosition position = publication.position();
        if (!position.inStream()) {
            return OutboundText.of(EngineFanout.frame(publication));
        }
        Key key = new Key(publication.channelId(), position.epoch(), position.offset());
        long now = System.nanoTime();
        synchronized (this) {
            Entry cached = frames.get(key);
            if (cached != null) {
                cached.usedNanos = now;
                return cached.text;
            }
        }
        OutboundText made = OutboundText.of(EngineFanout.frame(publication)); // outside the monitor
        if (made.length() > maxChars) {
            return made;
        }
        synchronized (this) {
            Entry had = frames.putIfAbsent(key, new Entry(made, now));
            if (had != null) {
                return had.text;
            }
            chars += made.length();
            for (Iterator<Map.Entry<Key, Entry>> it = frames.entrySet().iterator(); chars > maxChars && it.hasNext(); ) {
                chars -= it.next().getValue().text.length();
                it.remove();
            }
        }
        return made;
    }

    /**
     * Drops the entries not used for {@link #IDLE_NANOS} before {@code nowNanos}. The map is in access
     * order, so it stops at the first entry still in use.
     */
    synchronized void expire(long nowNanos) {
        for (Iterator<Map.Entry<Key, Entry>> it = frames.entrySet().iterator(); it.hasNext(); ) {
            Entry e = it.next().getValue();
            if (nowNanos - e.usedNanos < IDLE_NANOS) {
                return;
            }
            chars -= e.text.length();
            it.remove();
        }
    }

    /** Characters held (for tests). */
    synchronized long chars() {
        return chars;
    }
}
