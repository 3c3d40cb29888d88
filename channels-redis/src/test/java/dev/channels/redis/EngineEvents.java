package dev.channels.redis;

import dev.channels.server.engine.EngineListener;
import dev.channels.server.engine.Publication;
import dev.channels.server.engine.StreamPosition;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Everything an engine told its listener, including losses and recoveries. Thread-safe. */
class EngineEvents implements EngineListener {

    private final ConcurrentHashMap<String, List<Publication>> publications = new ConcurrentHashMap<>();
    final List<String> controls = new CopyOnWriteArrayList<>();
    final List<Throwable> losses = new CopyOnWriteArrayList<>();
    /** The {@code dataLost} flag of each {@link #onConnectionRestored}. */
    final List<Boolean> restorations = new CopyOnWriteArrayList<>();
    /** Each {@link #onChannelResumed}, as {@code channelId@offset:epoch}. */
    final List<String> resumptions = new CopyOnWriteArrayList<>();

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

    List<Publication> publications(String channelId) {
        return List.copyOf(publications.getOrDefault(channelId, List.of()));
    }
}
