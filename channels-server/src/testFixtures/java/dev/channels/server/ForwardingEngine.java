package dev.channels.server;

import dev.channels.server.engine.Broker;
import dev.channels.server.engine.ChannelEngine;
import dev.channels.server.engine.EngineListener;
import dev.channels.server.engine.PresenceManager;

/**
 * A {@link ChannelEngine} that hands every call to another engine: the tests' engines that change one
 * or two of its calls (a hook at start, failing publishes) extend it and override only those.
 */
abstract class ForwardingEngine implements ChannelEngine {

    /** The engine every call not overridden goes to. */
    protected final ChannelEngine delegate;

    ForwardingEngine(ChannelEngine delegate) {
        this.delegate = delegate;
    }

    @Override
    public String nodeId() {
        return delegate.nodeId();
    }

    @Override
    public void start(EngineListener listener) {
        delegate.start(listener);
    }

    @Override
    public Broker broker() {
        return delegate.broker();
    }

    @Override
    public PresenceManager presence() {
        return delegate.presence();
    }

    @Override
    public boolean isAvailable() {
        return delegate.isAvailable();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
