package dev.channels.cdi.settings;

import dev.channels.server.engine.ChannelEngine;
import dev.channels.server.engine.ChannelEngineFactory;
import dev.channels.server.engine.InMemoryEngine;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** An engine factory for scheme {@code recording:} (a service of the test class path): an in-memory engine, and the URIs asked for. */
public final class RecordingEngineFactory implements ChannelEngineFactory {

    /** The URIs engines were made for. */
    static final List<URI> MADE_FOR = new CopyOnWriteArrayList<>();

    @Override
    public Set<String> schemes() {
        return Set.of("recording");
    }

    @Override
    public ChannelEngine create(URI uri) {
        MADE_FOR.add(uri);
        return InMemoryEngine.create();
    }
}
