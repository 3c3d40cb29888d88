package dev.channels.engine.contract;

import dev.channels.server.engine.EngineListener;
import dev.channels.server.engine.Publication;
import dev.channels.server.engine.StreamPosition;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An {@link EngineListener} that records everything an engine reports, losses and recoveries included, for
 * a test to assert on ({@link ChannelEngineContract} and an engine's own tests). Thread-safe: the engine's
 * threads add, the test reads. Subclass it to also act on a callback (call {@code super} to keep the record).
 *
 * @since 0.1.0
 */
public class RecordingListener implements EngineListener {

    private final ConcurrentHashMap<String, List<Publication>> publications = new ConcurrentHashMap<>();
    /** The control messages received, in order. */
    public final List<String> controls = new CopyOnWriteArrayList<>();
    /** Each lost connection reported. */
    public final List<Throwable> losses = new CopyOnWriteArrayList<>();
    /** The {@code dataLost} flag of each {@link #onConnectionRestored}. */
    public final List<Boolean> restorations = new CopyOnWriteArrayList<>();
    /** Each channel reported resumed after a lost connection, as {@code channelId@offset:epoch}. */
    public final List<String> resumptions = new CopyOnWriteArrayList<>();

    @Override
    public void onPublication(Publication publication) {
        publications.computeIfAbsent(publication.channelId(), id -> new CopyOnWriteArrayList<>()).add(publication);
    }

    @Override
    public void onControl(String data) {
        controls.add(data);
    }

    @Override
    public void onConnectionLost(Throwable cause) {
        losses.add(cause);
    }

    @Override
    public void onConnectionRestored(boolean dataLost) {
        restorations.add(dataLost);
    }

    @Override
    public void onChannelResumed(String channelId, StreamPosition top) {
        resumptions.add(channelId + "@" + top.offset() + ":" + top.epoch());
    }

    /** The publications of {@code channelId} received so far, in order. */
    public List<Publication> publications(String channelId) {
        return List.copyOf(publications.getOrDefault(channelId, List.of()));
    }
}
